package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The all-in-one service on a real PostgreSQL, called over HTTP with the tests' own tokens. Every test class
 * shares one running service; scenarios stay apart by using their own accounts and tenants.
 */
@SpringBootTest(classes = GatehouseApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:gatehouse-test.properties")
@AutoConfigureObservability(tracing = false)
public abstract class GatehouseIntegrationTest {

    static {
        TestTokens.init();
    }

    @LocalServerPort
    int port;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    protected static Map<String, Object> roles(String... roles) {
        return Map.of("roles", List.of(roles));
    }

    /** The owner creates an account; answers its id. */
    protected String createAccount(Person owner) {
        Api.Answer created = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso Games"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        lastPosition = created.position();
        return created.json().get("accountId").asText();
    }

    /** Puts a person into the local directory of the caller's tenant; answers its directory object id. */
    protected String directoryUser(Person caller, String accountId, String displayName) {
        Api.Answer made = api.as(caller).post("/api/v1/accounts/" + accountId + "/directory/users",
                Map.of("displayName", displayName, "userPrincipalName",
                        displayName.toLowerCase().replace(' ', '.') + "@contoso.com"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        return made.json().get("id").asText();
    }

    protected String directoryObject(Person caller, String accountId, String kind, String displayName) {
        Api.Answer made = api.as(caller).post("/api/v1/accounts/" + accountId + "/directory/" + kind,
                Map.of("displayName", displayName));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        return made.json().get("id").asText();
    }

    /** Adds existing directory objects; answers the member ids in the order given. */
    protected List<String> add(Person manager, String accountId, String kind, Map<String, Object> access,
                               String... objectIds) {
        Api.Answer added = api.as(manager).post("/api/v1/accounts/" + accountId + "/" + kind,
                Map.of("directoryObjectIds", List.of(objectIds), "access", access));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        List<String> memberIds = new ArrayList<>();
        for (JsonNode member : added.json().get("members")) {
            memberIds.add(member.get("memberId").asText());
        }
        lastPosition = added.position();
        return memberIds;
    }

    /** The position of the last write made through the helpers, to read it back. */
    protected long lastPosition;

    /** A person of the owner's tenant, in the directory and a member of the account with the given roles. */
    protected Person member(Person owner, String accountId, String name, String... roles) {
        Person person = TestTokens.person(name, owner.tenantId());
        String objectId = directoryUserWithId(owner, accountId, person);
        add(owner, accountId, "users", roles(roles), objectId);
        return person;
    }

    /** Puts this very person (its oid) into the local directory, so that its token and its member entry match. */
    protected String directoryUserWithId(Person caller, String accountId, Person person) {
        // the local directory learns a person when it signs in and creates or joins an account's tenant;
        // tests place it directly, with the id its token carries
        directory.put(person.tenantId(), io.gatehouse.directory.DirectoryObject.user(person.oid(),
                person.name(), null, null, person.username(), person.username()));
        return person.oid();
    }

    @org.springframework.beans.factory.annotation.Autowired
    protected io.gatehouse.directory.local.LocalDirectory directory;

    /** Polls one member until it satisfies {@code condition}: directory sync works in the background. */
    protected JsonNode memberWhen(Person reader, String accountId, String memberId,
                                  java.util.function.Predicate<JsonNode> condition) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (true) {
            Api.Answer member = api.as(reader).get("/api/v1/accounts/" + accountId + "/members/" + memberId);
            if (member.status() == 200 && condition.test(member.json())) {
                return member.json();
            }
            assertThat(java.time.Instant.now()).as("member " + memberId + ": " + member).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    protected JsonNode usersList(Person reader, String accountId, String query) {
        Api.Answer list = api.as(reader).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members" + query);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }
}
