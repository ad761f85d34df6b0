package io.gatehouse.app.directory;

import io.gatehouse.directory.testing.TenantGraphDouble;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gatehouse.directory.testing.TenantGraphDouble.Call;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gatehouse.directory.testing.TenantGraphDouble.created;
import static io.gatehouse.directory.testing.TenantGraphDouble.graphError;
import static io.gatehouse.directory.testing.TenantGraphDouble.in;
import static io.gatehouse.directory.testing.TenantGraphDouble.userJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push that waits to be retried survives a restart: the service is stopped while Graph's 503 has the creation of
 * a user waiting for its retry, and started again on the same database with Graph answering again.
 */
class GraphRestartTest {

    /** The saga's retry deadlines; scheduled_tasks also holds the once-per-cluster jobs. */
    private static final String DEADLINES = "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'AxonDeadline'";

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();

    @Test
    void aPushWaitingToBeRetriedIsCompletedOnceAfterARestart() {
        String tenant = owner.tenantId();
        TenantGraphDouble.tenant(tenant, false);
        String scenario = "restart-" + tenant;
        String userId = UUID.randomUUID().toString();
        // down for now: the saga must wait (Retry-After gives us the time to stop the service)
        TenantGraphDouble.server().stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(graphError(503, "serviceNotAvailable", "Service unavailable.").withHeader("Retry-After", "4")));
        String database = GraphModeService.freshDatabase();
        String accountId;
        String memberId;
        String credentials;

        try (GraphModeService service = GraphModeService.start(database)) {
            accountId = service.createAccount(owner);
            Api.Answer created = service.api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                    "firstName", "Ada", "lastName", "Lovelace", "username", "ada@contoso.com",
                    "access", Map.of("roles", List.of("DEVELOPER"))));
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            memberId = created.json().get("memberId").asText();
            credentials = created.json().get("credentials").asText();

            GraphModeService.awaitTrue("the first POST /users", () ->
                    TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users").size() == 1);
            GraphModeService.awaitTrue("the retry is scheduled", () -> service.jdbc.queryForObject(
                    DEADLINES, Long.class) > 0);
            assertThat(service.api.as(owner).get(credentials).status()).isEqualTo(202);
            Api.Answer member = service.api.as(owner).header("Gatehouse-Min-Position", created.position())
                    .get("/api/v1/accounts/" + accountId + "/members/" + memberId);
            assertThat(member.json().path("status").asText()).as(member.toString()).isEqualTo("PROVISIONING");
        }
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users"))
                .as("POST /users while the service ran").hasSize(1);

        // Graph is back
        TenantGraphDouble.server().stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs("up")
                .willReturn(created(userJson(userId, "Ada", "Lovelace", "ada@contoso.com"))));
        TenantGraphDouble.server().setScenarioState(scenario, "up");

        try (GraphModeService service = GraphModeService.start(database)) {
            JsonNode active = service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
            assertThat(active.get("directoryObjectId").asText()).isEqualTo(userId);
            GraphModeService.pause(1500); // a second push would have gone out by now (the backoff is 0.2 s)

            List<Call> posts = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users");
            assertThat(posts).extracting(Call::status).as("answers to POST /users").containsExactly(503, 201);
            assertThat(posts.get(1).password()).isEqualTo(posts.get(0).password());
            Api.Answer shown = service.credentialsOnceReady(owner, credentials);
            assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
            assertThat(shown.json().get("temporaryPassword").asText()).isEqualTo(posts.get(1).password());
            JsonNode history = service.historyWhen(owner, accountId, memberId,
                    items -> items.findValuesAsText("type").contains("DirectorySynced"));
            assertThat(history.findValuesAsText("type").stream().filter("DirectorySynced"::equals).count())
                    .as("DirectorySynced events in " + history).isEqualTo(1);
            assertThat(service.jdbc.queryForObject(DEADLINES,
                    Long.class)).as("deadlines left").isZero();
        }
    }
}
