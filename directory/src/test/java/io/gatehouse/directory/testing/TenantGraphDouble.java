package io.gatehouse.directory.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One WireMock server over HTTPS standing in for both Microsoft's token endpoint and Microsoft Graph, for the
 * whole test JVM (beside the Graph adapter's own GraphDouble, which gives every tenant the same token): for whole services,
 * in this JVM or in others started by the test (they trust it through {@link #trustArguments()}).
 *
 * <p>azure-identity accepts only an https authority host, so the server gets a certificate for localhost made
 * with keytool at test time, and the JVM trusts it through the standard {@code javax.net.ssl.trustStore} setting,
 * the same one production uses.
 *
 * <p>Tenants are told apart the way Graph does it: by the access token. The token endpoint of tenant T
 * ({@code /T/oauth2/v2.0/token}) hands out {@code token-T}, and every Graph stub and every look at what Graph
 * received is scoped to that bearer token, so that tests sharing the server do not see each other's calls.
 */
public final class TenantGraphDouble {

    public static final String CLIENT_ID = "gatehouse-client";
    public static final String CLIENT_SECRET = "cl1ent-s3cret-never-shown";
    public static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer server;

    private TenantGraphDouble() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = HttpsWireMock.start(40);
        }
        return server;
    }

    /** Graph's stand-in root, with the version: {@code https://localhost:<port>/v1.0}. */
    public static String graphBaseUrl() {
        return "https://localhost:" + server().httpsPort() + "/v1.0";
    }

    public static String authorityHost() {
        return "https://localhost:" + server().httpsPort() + "/";
    }

    /** The service's command-line properties that point it at this double. */
    public static List<String> serviceProperties() {
        return List.of(
                "--gatehouse.directory.mode=graph",
                "--gatehouse.directory.graph-base-url=" + graphBaseUrl(),
                "--gatehouse.directory.authority-host=" + authorityHost(),
                "--gatehouse.directory.client-id=" + CLIENT_ID,
                "--gatehouse.directory.client-secret=" + CLIENT_SECRET,
                "--gatehouse.directory.graph-max-retries=0",
                "--gatehouse.directory.read-timeout=2s");
    }

    /** JVM options by which another process trusts this double's certificate, as this JVM does. */
    public static List<String> trustArguments() {
        server();
        return List.of("-Djavax.net.ssl.trustStore=" + System.getProperty("javax.net.ssl.trustStore"),
                "-Djavax.net.ssl.trustStoreType=" + System.getProperty("javax.net.ssl.trustStoreType"),
                "-Djavax.net.ssl.trustStorePassword=" + System.getProperty("javax.net.ssl.trustStorePassword"));
    }

    public static String token(String tenantId) {
        return "token-" + tenantId;
    }

    /**
     * A tenant the app registration is consented in: its token endpoint, its organization (synced from on-premises
     * or not), and no user or guest by any name unless a test says otherwise.
     */
    public static void tenant(String tenantId, boolean onPremisesSyncEnabled) {
        server().stubFor(post(urlPathEqualTo("/" + tenantId + "/oauth2/v2.0/token")).willReturn(okJson(
                "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,\"access_token\":\""
                        + token(tenantId) + "\"}")));
        server().stubFor(in(tenantId, get(urlPathEqualTo("/v1.0/organization"))).willReturn(okJson(
                "{\"value\":[{\"id\":\"" + tenantId + "\",\"onPremisesSyncEnabled\":" + onPremisesSyncEnabled + "}]}")));
        server().stubFor(in(tenantId, get(urlPathEqualTo("/v1.0/users"))).atPriority(9).willReturn(values()));
        // delta queries: nothing changes unless a test says otherwise
        for (String resource : List.of("users", "groups", "applications")) {
            server().stubFor(in(tenantId, get(urlPathMatching(deltaPath(resource)))).atPriority(9)
                    .willReturn(delta(resource, "unchanged")));
        }
    }

    /** The path of a resource's delta function, as the SDK spells it ({@code /users/microsoft.graph.delta()}) or not. */
    public static String deltaPath(String resource) {
        return "/v1.0/" + resource + "/(microsoft\\.graph\\.)?delta(\\(\\))?";
    }

    /** A last delta page: these objects, and the link of the next round ({@code $deltatoken=nextToken}). */
    public static ResponseDefinitionBuilder delta(String resource, String nextToken, String... objects) {
        return okJson("{\"@odata.deltaLink\":\"" + graphBaseUrl() + "/" + resource + "/delta()?$deltatoken="
                + nextToken + "\",\"value\":[" + String.join(",", objects) + "]}");
    }

    /** A Graph stub that answers only calls made with this tenant's token. */
    public static MappingBuilder in(String tenantId, MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + token(tenantId)));
    }

    public static ResponseDefinitionBuilder values(String... objects) {
        return okJson("{\"value\":[" + String.join(",", objects) + "]}");
    }

    public static ResponseDefinitionBuilder created(String json) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json);
    }

    public static ResponseDefinitionBuilder noContent() {
        return aResponse().withStatus(204);
    }

    public static ResponseDefinitionBuilder graphError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":{"
                        + "\"date\":\"2026-11-27T08:00:00\",\"request-id\":\"r-1\",\"client-request-id\":\"c-1\"}}}");
    }

    public static String userJson(String id, String givenName, String surname, String userPrincipalName) {
        return "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + id + "\",\"displayName\":\"" + givenName + " "
                + surname + "\",\"givenName\":\"" + givenName + "\",\"surname\":\"" + surname + "\","
                + "\"userPrincipalName\":\"" + userPrincipalName + "\",\"mail\":null}";
    }

    /** What Graph received from this tenant, oldest first, with what it answered. */
    public static List<Call> calls(String tenantId, RequestMethod method, String pathRegex) {
        List<Call> calls = new ArrayList<>();
        for (ServeEvent event : server().getAllServeEvents()) {
            var request = event.getRequest();
            String path = request.getUrl().contains("?") ? request.getUrl().substring(0, request.getUrl().indexOf('?'))
                    : request.getUrl();
            if (request.getMethod().equals(method) && path.matches(pathRegex)
                    && ("Bearer " + token(tenantId)).equals(request.getHeader("Authorization"))) {
                calls.add(new Call(request.getMethod().getName(), request.getUrl(), request.getBodyAsString(),
                        event.getResponse() == null ? 0 : event.getResponse().getStatus(),
                        request.getLoggedDate().getTime()));
            }
        }
        calls.sort(Comparator.comparingLong(Call::at));
        return calls;
    }

    public static List<Call> calls(String tenantId, RequestMethod method, String pathRegex, Predicate<Call> filter) {
        return calls(tenantId, method, pathRegex).stream().filter(filter).toList();
    }

    /** Every temporary password any tenant's {@code POST /users} or {@code PATCH /users/{id}} carried. */
    public static List<String> everyPasswordSent() {
        List<String> passwords = new ArrayList<>();
        for (ServeEvent event : server().getAllServeEvents()) {
            var request = event.getRequest();
            if ((request.getMethod().equals(RequestMethod.POST) || request.getMethod().equals(RequestMethod.PATCH))
                    && request.getUrl().startsWith("/v1.0/users")) {
                JsonNode password = json(request.getBodyAsString()).path("passwordProfile").path("password");
                if (password.isTextual()) {
                    passwords.add(password.asText());
                }
            }
        }
        return passwords;
    }

    /** One request Graph (or its token endpoint) received. */
    public record Call(String method, String url, String body, int status, long at) {
        public JsonNode json() {
            return TenantGraphDouble.json(body);
        }

        public String password() {
            return json().path("passwordProfile").path("password").asText(null);
        }
    }

    public static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

}
