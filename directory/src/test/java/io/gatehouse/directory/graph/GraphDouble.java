package io.gatehouse.directory.graph;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatehouse.directory.testing.HttpsWireMock;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One WireMock server over HTTPS standing in for both Microsoft's token endpoint and Graph, for the whole test JVM.
 * azure-identity accepts only an https authority host, so the server gets a certificate for localhost made with
 * keytool at test time, and the JVM trusts it through the standard {@code javax.net.ssl.trustStore} setting, the
 * same one production uses.
 */
public final class GraphDouble {

    public static final String TENANT = "11111111-2222-3333-4444-555555555555";
    public static final String CLIENT_ID = "gatehouse-client";
    public static final String CLIENT_SECRET = "cl1ent-s3cret-never-shown";
    public static final String ACCESS_TOKEN = "graph-access-token";
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static WireMockServer server;

    private GraphDouble() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = HttpsWireMock.start(25);
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

    /** Properties as production would bind them, with the SDK's retries off so that no test sleeps. */
    public static GraphDirectoryProperties properties(int maxRetries) {
        return new GraphDirectoryProperties("graph", java.net.URI.create(graphBaseUrl()),
                java.net.URI.create(authorityHost()), CLIENT_ID, CLIENT_SECRET, maxRetries, Duration.ofSeconds(2),
                READ_TIMEOUT);
    }

    /** As {@link #properties(int)}, with Graph's answers awaited for {@code readTimeout} only. */
    public static GraphDirectoryProperties properties(int maxRetries, Duration readTimeout) {
        return new GraphDirectoryProperties("graph", java.net.URI.create(graphBaseUrl()),
                java.net.URI.create(authorityHost()), CLIENT_ID, CLIENT_SECRET, maxRetries, Duration.ofSeconds(2),
                readTimeout);
    }

    /** Forgets earlier stubs and requests; the token endpoint answers for every tenant. */
    public static void reset() {
        server().resetAll();
        server().stubFor(tokenEndpoint().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,"
                        + "\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
    }

    public static MappingBuilder tokenEndpoint() {
        return post(urlPathMatching("/[^/]+/oauth2/v2.0/token"));
    }

}
