package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestDatabases;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service is stopped and started again on the same database: the Users list is still there; with another
 * key-encryption key it does not start at all.
 */
class RestartTest {

    static {
        TestTokens.init();
    }

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void theUsersListSurvivesARestart() {
        String url = TestDatabases.fresh("restart_" + System.nanoTime());
        String accountId;
        JsonNode before;
        long position;

        try (ConfigurableApplicationContext service = start(url)) {
            Api api = new Api(port(service));
            accountId = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso")).json()
                    .get("accountId").asText();
            LocalDirectory directory = service.getBean(LocalDirectory.class);
            for (String name : List.of("Ada Lovelace", "Grace Hopper", "Alan Turing")) {
                Person person = TestTokens.person(name, owner.tenantId());
                directory.put(owner.tenantId(), DirectoryObject.user(person.oid(), name, null, null,
                        person.username(), person.username()));
                Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                        Map.of("directoryObjectIds", List.of(person.oid()), "access", Map.of("roles", List.of("DEVELOPER"))));
                assertThat(added.status()).as(added.toString()).isEqualTo(201);
            }
            Api.Answer list = api.as(owner).header("Gatehouse-Min-Position", 4)
                    .get("/api/v1/accounts/" + accountId + "/members");
            before = list.json();
            assertThat(before.get("total").asLong()).isEqualTo(3);
            position = 4;
        }

        try (ConfigurableApplicationContext service = start(url)) {
            Api api = new Api(port(service));
            Api.Answer list = api.as(owner).header("Gatehouse-Min-Position", position)
                    .get("/api/v1/accounts/" + accountId + "/members");

            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json()).isEqualTo(before);
            // and the service goes on from where it was
            String memberId = before.get("items").get(0).get("memberId").asText();
            Api.Answer changed = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                    Map.of("roles", List.of("MARKETER")));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"1\"");
            assertThat(changed.position()).isEqualTo(5);
        }

        byte[] anotherKey = new byte[32];
        new SecureRandom().nextBytes(anotherKey);
        assertThatThrownBy(() -> start(url, "--gatehouse.privacy.key=" + Base64.getEncoder().encodeToString(anotherKey)))
                .hasStackTraceContaining("every node of a database must use the same key");
    }

    private static ConfigurableApplicationContext start(String url, String... moreProperties) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabases.user(),
                "--spring.datasource.password=" + TestDatabases.password(),
                "--server.port=0",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + TestTokens.PUBLIC_KEY));
        args.addAll(List.of(moreProperties));
        return new SpringApplicationBuilder(GatehouseApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }
}
