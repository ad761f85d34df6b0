package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that cannot be read exactly once, or stored everywhere, is refused at the door with a problem document
 * and changes nothing: not the event store, not the read side.
 */
class HostileInputTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();

    @Autowired
    JdbcTemplate jdbc;

    /** Events this test's caller caused (each test has a caller of its own). */
    private long head() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry "
                + "WHERE convert_from(payload, 'UTF8')::jsonb -> 'actor' ->> 'oid' = ?", Long.class, owner.oid());
    }

    private static void refused(Api.Answer answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(answer.json().get("errors").findValuesAsText("field")).as(answer.toString()).contains(field);
        }
    }

    @Test
    void namesWithCharactersThatCannotBeStoredAreRefusedAndRecordNothing() {
        long before = head();

        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"Fuzz\\u0000Name\"}"), "displayName");
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"Bell\\u0007\"}"), "displayName");
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"C1\\u0085\"}"), "displayName");
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"Half \\ud800 a pair\"}"), "displayName");
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"Other half \\udc00\"}"), "displayName");

        assertThat(head()).isEqualTo(before);
        // a real pair (an emoji) is text like any other
        Api.Answer emoji = api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"Games \\ud83c\\udfae\"}");
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(201);
    }

    @Test
    void bodiesThatAreNotExactlyOneJsonDocumentAreRefused() {
        long before = head();

        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"A\"} {\"displayName\":\"B\"}"), null);
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"A\"} garbage"), null);
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"A\"}]"), null);
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"A\",\"displayName\":\"B\"}"), null);
        refused(api.as(owner).post("/api/v1/accounts", "{\"displayName\":\"A\""), null);

        assertThat(head()).isEqualTo(before);
    }

    @Test
    void bodiesThatAreNotUtf8AreRefused() {
        long before = head();
        for (byte[] bad : List.of(
                new byte[]{(byte) 0xC0, (byte) 0xAF},                    // overlong "/"
                new byte[]{(byte) 0xC0, (byte) 0x80},                    // overlong NUL
                new byte[]{(byte) 0xE0, (byte) 0x80, (byte) 0xAF},       // overlong "/", three bytes
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},       // an encoded surrogate
                new byte[]{(byte) 0xE2, (byte) 0x82},                    // truncated
                new byte[]{(byte) 0xFF})) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("{\"displayName\":\"A".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bad);
            body.writeBytes("B\"}".getBytes(StandardCharsets.UTF_8));

            refused(api.as(owner).sendBytes("POST", "/api/v1/accounts", body.toByteArray()), "body");
        }
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void aBodyLargerThanAnyRequestNeedsIsRefusedBeforeItIsRead() {
        long before = head();
        String huge = "{\"displayName\":\"" + "A".repeat((1 << 20) + 10) + "\"}";

        Api.Answer answer = api.as(owner).post("/api/v1/accounts", huge);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void replyUrlsAndAppIdUrisUseTheSchemesAzureAdAccepts() {
        String accountId = createAccount(owner);
        long before = head();
        String path = "/api/v1/accounts/" + accountId + "/applications/new";

        for (String replyUrl : List.of("javascript:alert(1)", "file:///etc/passwd", "http://contoso.com/cb",
                "ftp://contoso.com/cb", "https://user:pw@contoso.com/cb", "https://contoso.com/cb#x")) {
            refused(api.as(owner).post(path, Map.of("replyUrl", replyUrl, "appIdUri", "api://contoso-" + accountId,
                    "access", roles("DEVELOPER"))), "replyUrl");
        }
        for (String appIdUri : List.of("javascript:alert(1)", "file:///etc/passwd", "urn:x", "http://contoso.com")) {
            refused(api.as(owner).post(path, Map.of("replyUrl", "https://contoso.com/cb", "appIdUri", appIdUri,
                    "access", roles("DEVELOPER"))), "appIdUri");
        }

        assertThat(head()).isEqualTo(before);
        Api.Answer local = api.as(owner).post(path, Map.of("replyUrl", "http://localhost:3000/cb",
                "appIdUri", "api://contoso-local-" + accountId, "access", roles("DEVELOPER")));
        assertThat(local.status()).as(local.toString()).isEqualTo(202);
    }

    @Test
    void queryParametersThatCannotBeReadOrStoredAreRefused() throws IOException {
        String accountId = createAccount(owner);
        String members = "/api/v1/accounts/" + accountId + "/members";

        refused(api.as(owner).get(members + "?search=fuzz%00"), "search");
        refused(api.as(owner).get(members + "?search=fuzz%C0%80"), "search");
        String malformed = raw("GET " + members + "?search=fuzz%zz HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + owner.token() + "\r\nConnection: close\r\n\r\n");
        assertThat(malformed).startsWith("HTTP/1.1 400").contains("\"field\":\"search\"");
        refused(api.as(owner).get("/api/v1/accounts/" + accountId + "/directory/users?search=a%01"), "search");
    }

    @Test
    void whatTheHttpLayerAndTheFirewallRefuseIsAProblemDocumentToo() throws IOException {
        for (String path : List.of("/api/v1/accounts/../actuator/prometheus", "/api/v1/accounts/a%2Fb",
                "/api/v1/accounts/a;x=1", "/api/v1/accounts/a%00b", "/api/v1/accounts/a%3Bb",
                "/api/v1/accounts/a%zzb", "/api/v1/accounts/%2e%2e/x")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + owner.token() + "\r\nConnection: close\r\n\r\n");

            assertThat(answer).as(path).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase()).as(path).contains("content-type: application/problem+json");
            assertThat(answer).as(path).contains("\"status\":400");
        }
    }

    /** One request written byte for byte, as no HTTP client library would (they normalise paths). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
