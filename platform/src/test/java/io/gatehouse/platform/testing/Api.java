package io.gatehouse.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls the service over HTTP as an API client would: its own token, its own headers, JSON text. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public Call as(TestTokens.Person person) {
        return new Call(person == null ? null : person.token());
    }

    public Call withToken(String token) {
        return new Call(token);
    }

    public Call anonymous() {
        return new Call(null);
    }

    public final class Call {
        private final String token;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Call(String token) {
            this.token = token;
        }

        public Call header(String name, Object value) {
            headers.put(name, String.valueOf(value));
            return this;
        }

        public Answer get(String path) {
            return send("GET", path, null);
        }

        public Answer delete(String path) {
            return send("DELETE", path, null);
        }

        public Answer post(String path, Object body) {
            return send("POST", path, body);
        }

        public Answer put(String path, Object body) {
            return send("PUT", path, body);
        }

        public Answer patch(String path, Object body) {
            return send("PATCH", path, body);
        }

        /** Sends these exact bytes as a JSON body (to send what is not UTF-8). */
        public Answer sendBytes(String method, String path, byte[] body) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/json");
                if (token != null) request.header("Authorization", "Bearer " + token);
                headers.forEach(request::header);
                return new Answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Sends {@code body} as it is when it is a String (to send malformed JSON), else as JSON. */
        public Answer send(String method, String path, Object body) {
            try {
                String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(text));
                if (text != null) request.header("Content-Type", "application/json");
                if (token != null) request.header("Authorization", "Bearer " + token);
                headers.forEach(request::header);
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An HTTP answer with its JSON body. */
    public static final class Answer {
        private final HttpResponse<String> response;
        private JsonNode json;

        Answer(HttpResponse<String> response) {
            this.response = response;
        }

        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public long position() {
            return Long.parseLong(header("Gatehouse-Position"));
        }

        public String text() {
            return response.body();
        }

        public JsonNode json() {
            if (json == null) {
                try {
                    json = response.body() == null || response.body().isEmpty()
                            ? JSON.nullNode() : JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + response.body(), e);
                }
            }
            return json;
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
