package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md, "Who is calling": 401 without a valid token, 403 without the right standing in the account. */
class AccessControlTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private String accountId;
    private String memberId;
    private Person developer;
    private Person manager;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
        developer = member(owner, accountId, "Dev Eloper", "DEVELOPER");
        manager = member(owner, accountId, "Maria Manager", "MANAGER");
        memberId = add(owner, accountId, "users", roles("MARKETER"), directoryUser(owner, accountId, "Ada Lovelace")).get(0);
    }

    @Test
    void missingExpiredForgedOrIncompleteTokensAre401() {
        String path = "/api/v1/accounts/" + accountId + "/members";

        List<Api.Answer> answers = List.of(
                api.anonymous().get(path),
                api.withToken("not.a.jwt").get(path),
                api.withToken("not a bearer token").get(path),
                api.withToken(owner.expiredToken()).get(path),
                api.withToken(owner.forgedToken()).get(path),
                api.withToken(owner.tokenWithoutTenant()).get(path),
                api.anonymous().post("/api/v1/accounts", Map.of("displayName", "x")));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        });
    }

    @Test
    void healthAndTheOpenApiDocumentNeedNoToken() {
        assertThat(api.anonymous().get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/v3/api-docs").text()).contains("/api/v1/accounts/{accountId}/members");
    }

    @Test
    void metricsAreForOperators() {
        assertThat(api.as(owner).get("/actuator/prometheus").status()).isEqualTo(403);
        Api.Answer metrics = api.as(owner.operator()).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("gatehouse_projection_lag", "http_server_requests");
    }

    @Test
    void everyMemberReadsButOnlyManagersWrite() {
        String path = "/api/v1/accounts/" + accountId;
        Api.Answer read = api.as(developer).header("Gatehouse-Min-Position", lastPosition).get(path + "/members");
        Api.Answer changeAccess = api.as(developer).put(path + "/members/" + memberId + "/access", roles("MANAGER"));
        Api.Answer remove = api.as(developer).delete(path + "/members/" + memberId);
        Api.Answer addUsers = api.as(developer).post(path + "/users",
                Map.of("directoryObjectIds", List.of(developer.oid()), "access", roles("MANAGER")));
        Api.Answer searchDirectory = api.as(developer).get(path + "/directory/users");

        assertThat(read.status()).isEqualTo(200);
        assertThat(List.of(changeAccess, remove, addUsers, searchDirectory))
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(403));

        assertThat(api.as(manager).put(path + "/members/" + memberId + "/access", roles("DEVELOPER")).status())
                .isEqualTo(200);
    }

    @Test
    void anotherAccountsCallerIsShutOut() {
        Person stranger = TestTokens.person("Sam Stranger", TestTokens.newTenant());
        createAccount(stranger);
        String path = "/api/v1/accounts/" + accountId;

        assertThat(List.of(
                api.as(stranger).get(path),
                api.as(stranger).get(path + "/members"),
                api.as(stranger).get(path + "/members/" + memberId),
                api.as(stranger).get(path + "/members/" + memberId + "/effective-access"),
                api.as(stranger).put(path + "/members/" + memberId + "/access", roles("MANAGER")),
                api.as(stranger).delete(path + "/members/" + memberId),
                api.as(stranger).post(path + "/users", Map.of("directoryObjectIds", List.of(stranger.oid()),
                        "access", roles("MANAGER")))))
                .allSatisfy(answer -> {
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
                    assertThat(answer.text()).doesNotContain("Ada Lovelace");
                });
        // an account that does not exist answers the same, so that existence does not leak
        assertThat(api.as(stranger).get("/api/v1/accounts/" + java.util.UUID.randomUUID()).status()).isEqualTo(403);
    }

    @Test
    void aSameTenantUserWhoIsNoMemberIsShutOut() {
        Person colleague = TestTokens.person("Carl Colleague", owner.tenantId());

        assertThat(api.as(colleague).get("/api/v1/accounts/" + accountId + "/members").status()).isEqualTo(403);
    }

    @Test
    void aManagerManagesOnlyMembersOfTheTenantItIsSignedInTo() {
        String secondTenant = TestTokens.newTenant();
        Person ownerThere = owner.signedInTo(secondTenant);
        api.as(ownerThere).post("/api/v1/accounts/" + accountId + "/tenants", Map.of("tenantId", secondTenant));
        Person outsider = TestTokens.person("Otto Outsider", secondTenant);
        String outsiderMember = add(ownerThere, accountId, "users", roles("DEVELOPER"),
                directoryUserWithId(ownerThere, accountId, outsider)).get(0);

        Api.Answer refused = api.as(manager)
                .put("/api/v1/accounts/" + accountId + "/members/" + outsiderMember + "/access", roles("MARKETER"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.as(ownerThere)
                .put("/api/v1/accounts/" + accountId + "/members/" + outsiderMember + "/access", roles("MARKETER"))
                .status()).isEqualTo(200);
    }

    @Test
    void operatorEndpointsNeedTheOperatorRole() {
        assertThat(api.as(owner).get("/api/v1/admin/projections").status()).isEqualTo(403);
    }
}
