package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** A small JSON client for the service on 127.0.0.1 (java.net.http, HTTP/1.1 keep-alive). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One answer. {@code nanos} is the client-side latency, from sending to the whole body read. */
    record Response(int status, HttpResponse<String> raw, long nanos) {
        JsonNode json() {
            try {
                String body = raw.body();
                return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + raw.body(), e);
            }
        }

        /** The {@code Gatehouse-Position} a write answered with. */
        OptionalLong position() {
            return raw.headers().firstValue("Gatehouse-Position").map(v -> OptionalLong.of(Long.parseLong(v.strip())))
                    .orElse(OptionalLong.empty());
        }

        String body() {
            return raw.body();
        }

        Response expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) return this;
            }
            throw new IllegalStateException("HTTP " + status + " from " + raw.request().method() + " "
                    + raw.request().uri() + ": " + abbreviate(raw.body()));
        }
    }

    private final HttpClient client;
    /** Where GETs go: the all-in-one, or a cluster's query node. */
    private final String baseUrl;
    /** Where the other methods go, in turn: the all-in-one, or a cluster's command nodes. */
    private final List<String> writeUrls;
    private final AtomicInteger nextWrite = new AtomicInteger();

    Http(String baseUrl) {
        this(List.of(baseUrl), baseUrl);
    }

    /**
     * Routes like the cluster's load balancer (README, "Running a cluster"): GET to {@code readUrl}, the other
     * methods round-robin over {@code writeUrls}.
     */
    Http(List<String> writeUrls, String readUrl) {
        this.baseUrl = trim(readUrl);
        this.writeUrls = writeUrls.stream().map(Http::trim).toList();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String urlFor(String method) {
        if (method.equals("GET") || method.equals("HEAD")) return baseUrl;
        if (writeUrls.size() == 1) return writeUrls.get(0);
        return writeUrls.get(Math.floorMod(nextWrite.getAndIncrement(), writeUrls.size()));
    }

    Response get(String path, String token, Map<String, String> headers) {
        return send("GET", path, token, null, headers);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urlFor(method) + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body != null) {
            byte[] bytes;
            try {
                bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response, System.nanoTime() - start);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A streamed answer: status, lines and bytes read, time to the first byte and to the end (ns). */
    record Streamed(int status, long lines, long bytes, long firstByteNanos, long nanos, String start) {
    }

    /** GET, reading the body as it arrives and counting its lines, without keeping it. */
    Streamed stream(String path, String token, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .header("Accept", accept).header("Authorization", "Bearer " + token).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0, bytes = 0, firstByte = -1;
            StringBuilder head = new StringBuilder();
            byte[] buffer = new byte[64 * 1024];
            try (java.io.InputStream in = response.body()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (firstByte < 0 && n > 0) firstByte = System.nanoTime() - start;
                    if (head.length() < 400) head.append(new String(buffer, 0, Math.min(n, 400), StandardCharsets.UTF_8));
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') lines++;
                    }
                }
            }
            return new Streamed(response.statusCode(), lines, bytes, firstByte, System.nanoTime() - start,
                    abbreviate(head.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
