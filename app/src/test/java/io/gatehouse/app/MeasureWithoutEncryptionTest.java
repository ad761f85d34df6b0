package io.gatehouse.app;

import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.platform.eventstore.EventStoreConfiguration;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestDatabases;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's switch {@code gatehouse.privacy.measure-without-encryption}: off by default (personal data is
 * stored sealed); on, events written keep it in clear, and events sealed before still read back in clear.
 */
class MeasureWithoutEncryptionTest {

    static {
        TestTokens.init();
    }

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void theSwitchStoresPersonalDataInClearAndStillOpensWhatWasSealed() {
        String url = TestDatabases.fresh("measure_plain_" + System.nanoTime());
        String accountId;
        byte[] sealedPayload;

        try (ConfigurableApplicationContext service = start(url)) {
            Api api = new Api(port(service));
            accountId = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso")).json()
                    .get("accountId").asText();
            add(service, api, accountId, "Ada Lovelace");

            String stored = userAddedPayloads(service).get(0);
            assertThat(stored).as("by default, sealed").doesNotContain("Ada", "Lovelace", "Olivia")
                    .contains("\"displayName\":{\"sealed\":1");
            sealedPayload = stored.getBytes(StandardCharsets.UTF_8);
        }

        try (ConfigurableApplicationContext service = start(url,
                "--" + EventStoreConfiguration.MEASURE_WITHOUT_ENCRYPTION + "=true")) {
            Api api = new Api(port(service));
            add(service, api, accountId, "Grace Hopper");

            List<String> stored = userAddedPayloads(service);
            assertThat(stored).hasSize(2);
            assertThat(stored.get(1)).as("with the switch, in clear").contains("\"displayName\":\"Grace Hopper\"",
                    "\"name\":\"Olivia Owner\"").doesNotContain("sealed");
            Serializer events = service.getBean("eventSerializer", Serializer.class);
            UserAdded ada = events.deserialize(new SimpleSerializedObject<>(sealedPayload, byte[].class,
                    new SimpleSerializedType("UserAdded", "1")));
            assertThat(ada.displayName()).as("a sealed value still opens").isEqualTo("Ada Lovelace");
            assertThat(ada.actor().name()).isEqualTo("Olivia Owner");
        }
    }

    private void add(ConfigurableApplicationContext service, Api api, String accountId, String name) {
        Person person = TestTokens.person(name, owner.tenantId());
        service.getBean(LocalDirectory.class).put(owner.tenantId(), DirectoryObject.user(person.oid(), name, null,
                null, person.username(), person.username()));
        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(person.oid()), "access", Map.of("roles", List.of("DEVELOPER"))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    private static List<String> userAddedPayloads(ConfigurableApplicationContext service) {
        return new ArrayList<>(service.getBean(JdbcTemplate.class).queryForList("SELECT convert_from(payload, 'UTF8') "
                + "FROM domain_event_entry WHERE payload_type = 'UserAdded' ORDER BY global_index", String.class));
    }

    private static ConfigurableApplicationContext start(String url, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabases.user(),
                "--spring.datasource.password=" + TestDatabases.password(),
                "--server.port=0",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + TestTokens.PUBLIC_KEY));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(GatehouseApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }
}
