package io.gatehouse.app.directory;

import io.gatehouse.directory.testing.TenantGraphDouble;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.GatehouseApplication;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestDatabases;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The all-in-one service in graph mode ({@code gatehouse.directory.mode=graph}) against {@link TenantGraphDouble}, started
 * by the test itself on a database of its own, so that its event processors never compete with those of the shared
 * test service (which runs in local mode on another database).
 */
final class GraphModeService implements AutoCloseable {

    /** This JVM's own files: other test JVMs in the same module may rewrite target/test-jwt-public.pem meanwhile. */
    private static final Path OWN_FILES = Path.of("target", "graph-e2e", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath();
    private static final Path PUBLIC_KEY = ownPublicKey();

    final ConfigurableApplicationContext context;
    final Api api;
    final JdbcTemplate jdbc;

    private GraphModeService(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    static String freshDatabase() {
        return TestDatabases.fresh("graph_e2e_" + System.nanoTime());
    }

    /** Starts the service on {@code databaseUrl}; the WireMock double (and the JVM's trust in it) first. */
    static GraphModeService start(String databaseUrl, String... moreProperties) {
        TenantGraphDouble.server();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + TestDatabases.user(),
                "--spring.datasource.password=" + TestDatabases.password(),
                "--server.port=0",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + PUBLIC_KEY,
                "--gatehouse.secrets.key-file=" + OWN_FILES.resolve("secrets.key"),
                "--gatehouse.privacy.key-file=" + OWN_FILES.resolve("privacy.key"),
                "--db-scheduler.polling-interval=200ms",
                "--gatehouse.directory.retry.first-delay=PT0.2S",
                "--gatehouse.directory.retry.max-delay=PT1S",
                "--gatehouse.directory.retry.max-attempts=5",
                "--gatehouse.directory.reconcile-interval=PT1H",
                "--logging.level.org.axonframework=WARN",
                // the service's own log lines at their most talkative: none may carry a temporary password
                "--logging.level.io.gatehouse=DEBUG"));
        args.addAll(TenantGraphDouble.serviceProperties());
        args.addAll(List.of(moreProperties));
        return new GraphModeService(new SpringApplicationBuilder(GatehouseApplication.class)
                .run(args.toArray(String[]::new)));
    }

    /**
     * The public half of the key {@link TestTokens} signs with, written to a file of this JVM's own. TestTokens writes
     * it to target/test-jwt-public.pem when loaded, and so does every other test JVM of the module with its own key:
     * a service started later in a long run would read another JVM's key and refuse every token (401).
     */
    private static Path ownPublicKey() {
        TestTokens.init();
        try {
            Field field = TestTokens.class.getDeclaredField("KEYS");
            field.setAccessible(true);
            KeyPair keys = (KeyPair) field.get(null);
            Path file = OWN_FILES.resolve("jwt-public.pem");
            Files.createDirectories(OWN_FILES);
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return file;
        } catch (ReflectiveOperationException e) {
            return TestTokens.PUBLIC_KEY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The owner creates an account in its tenant; answers its id. */
    String createAccount(Person owner) {
        Api.Answer created = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso Games"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("accountId").asText();
    }

    /** Reads the member until {@code condition} holds (20 s at most); answers it. */
    JsonNode memberWhen(Person reader, String accountId, String memberId, String what, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            Api.Answer member = api.as(reader).get("/api/v1/accounts/" + accountId + "/members/" + memberId);
            if (member.status() == 200 && condition.test(member.json())) {
                return member.json();
            }
            assertThat(Instant.now()).as("member " + memberId + " never " + what + "; last answer: " + member)
                    .isBefore(deadline);
            pause(50);
        }
    }

    JsonNode memberWithStatus(Person reader, String accountId, String memberId, String status) {
        return memberWhen(reader, accountId, memberId, status, m -> status.equals(m.path("status").asText()));
    }

    /** The account's history of one member, once {@code condition} holds for it (20 s at most). */
    JsonNode historyWhen(Person reader, String accountId, String memberId, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            Api.Answer history = api.as(reader).get("/api/v1/accounts/" + accountId + "/history?memberId=" + memberId
                    + "&size=500");
            if (history.status() == 200 && condition.test(history.json().get("items"))) {
                return history.json().get("items");
            }
            assertThat(Instant.now()).as("history of " + memberId + ": " + history).isBefore(deadline);
            pause(50);
        }
    }

    /** Reads a credentials URL until it stops answering 202 (each 202 must carry Retry-After); answers the last answer. */
    Api.Answer credentialsOnceReady(Person caller, String url) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            Api.Answer answer = api.as(caller).get(url);
            if (answer.status() != 202) {
                return answer;
            }
            assertThat(answer.header("Retry-After")).as("202 without Retry-After").isNotBlank();
            assertThat(Instant.now()).as("credentials " + url + " never became ready").isBefore(deadline);
            pause(50);
        }
    }

    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            pause(50);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
