package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsAndTenantsTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void theCallerBecomesOwnerAndItsTenantIsAssociated() {
        Api.Answer created = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso Games"));

        assertThat(created.status()).isEqualTo(201);
        String accountId = created.json().get("accountId").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/accounts/" + accountId);
        assertThat(created.json().get("ownerId").asText()).isEqualTo(owner.oid());
        assertThat(created.json().get("tenantId").asText()).isEqualTo(owner.tenantId());

        Api.Answer account = api.as(owner).header("Gatehouse-Min-Position", created.position())
                .get("/api/v1/accounts/" + accountId);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("displayName").asText()).isEqualTo("Contoso Games");
        assertThat(account.json().get("ownerId").asText()).isEqualTo(owner.oid());
        assertThat(account.json().get("tenants").get(0).get("tenantId").asText()).isEqualTo(owner.tenantId());
        assertThat(account.json().get("tenants").get(0).get("directoryIntegration").asBoolean()).isFalse();
    }

    @Test
    void anAccountNeedsADisplayName() {
        Api.Answer refused = api.as(owner).post("/api/v1/accounts", Map.of("displayName", " "));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("displayName");
    }

    @Test
    void theOwnerAssociatesASecondTenantSignedInToIt() {
        String accountId = createAccount(owner);
        String secondTenant = TestTokens.newTenant();

        Api.Answer associated = api.as(owner.signedInTo(secondTenant))
                .post("/api/v1/accounts/" + accountId + "/tenants", Map.of("tenantId", secondTenant));

        assertThat(associated.status()).as(associated.toString()).isEqualTo(201);
        Api.Answer account = api.as(owner).header("Gatehouse-Min-Position", associated.position())
                .get("/api/v1/accounts/" + accountId);
        assertThat(account.json().get("tenants").findValuesAsText("tenantId"))
                .containsExactlyInAnyOrder(owner.tenantId(), secondTenant);
    }

    @Test
    void aTenantIsAssociatedOnlyBySomeoneSignedInToIt() {
        String accountId = createAccount(owner);

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/tenants",
                Map.of("tenantId", TestTokens.newTenant()));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void associatingATenantTwiceIsAConflict() {
        String accountId = createAccount(owner);

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/tenants",
                Map.of("tenantId", owner.tenantId()));

        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void nobodyRemovesTheTenantTheyAreSignedInTo() {
        String accountId = createAccount(owner);

        Api.Answer refused = api.as(owner).delete("/api/v1/accounts/" + accountId + "/tenants/" + owner.tenantId());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/own-tenant");
    }

    @Test
    void removingATenantEndsTheAccessOfItsMembers() {
        String accountId = createAccount(owner);
        String secondTenant = TestTokens.newTenant();
        Person ownerThere = owner.signedInTo(secondTenant);
        api.as(ownerThere).post("/api/v1/accounts/" + accountId + "/tenants", Map.of("tenantId", secondTenant));
        Person colleague = TestTokens.person("Carl Colleague", secondTenant);
        String colleagueObject = directoryUserWithId(ownerThere, accountId, colleague);
        add(ownerThere, accountId, "users", roles("DEVELOPER"), colleagueObject);
        assertThat(api.as(colleague).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members").status()).isEqualTo(200);

        Api.Answer removed = api.as(owner).delete("/api/v1/accounts/" + accountId + "/tenants/" + secondTenant);

        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        lastPosition = removed.position();
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isZero();
        assertThat(api.as(colleague).get("/api/v1/accounts/" + accountId + "/members").status()).isEqualTo(403);
        assertThat(api.as(colleague).get("/api/v1/accounts/" + accountId).status()).isEqualTo(403);
    }

    @Test
    void aManagerRemovesAnotherTenantAndTheOwnerMayRemoveTheLastOne() {
        String accountId = createAccount(owner);
        Person manager = member(owner, accountId, "Maria Manager", "MANAGER");
        String secondTenant = TestTokens.newTenant();
        api.as(owner.signedInTo(secondTenant)).post("/api/v1/accounts/" + accountId + "/tenants",
                Map.of("tenantId", secondTenant));

        Api.Answer byManager = api.as(manager).delete("/api/v1/accounts/" + accountId + "/tenants/" + secondTenant);
        assertThat(byManager.status()).as(byManager.toString()).isEqualTo(204);

        // only the owner's tenant is left; the owner, signed in elsewhere, may remove it too
        Api.Answer byOwner = api.as(owner.signedInTo(TestTokens.newTenant()))
                .delete("/api/v1/accounts/" + accountId + "/tenants/" + owner.tenantId());
        assertThat(byOwner.status()).as(byOwner.toString()).isEqualTo(204);
    }
}
