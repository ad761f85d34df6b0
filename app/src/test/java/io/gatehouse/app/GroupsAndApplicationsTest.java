package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** New groups, new Azure AD applications and their keys, with the first-try (local) directory. */
class GroupsAndApplicationsTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
    private String accountId;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
    }

    private JsonNode memberWhen(String memberId, Predicate<JsonNode> condition) throws InterruptedException {
        return memberWhen(owner, accountId, memberId, condition);
    }

    private static Predicate<JsonNode> active() {
        return m -> m.get("status").asText().equals("ACTIVE");
    }

    @Test
    void aNewGroupIsCreatedWithItsMembersRenamedAndGivesItsAccessToThem() throws Exception {
        Person ada = TestTokens.person("Ada Lovelace", owner.tenantId());
        String adaMember = add(owner, accountId, "users", roles("DEVELOPER"), directoryUserWithId(owner, accountId, ada)).get(0);

        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/groups/new", Map.of(
                "displayName", "Finance Team", "memberIds", List.of(adaMember),
                "access", Map.of("permissions", Map.of("account", Map.of("payout-account", "READ_WRITE")))));

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        assertThat(created.json().get("status").asText()).isEqualTo("PROVISIONING");
        String groupMember = created.json().get("memberId").asText();
        JsonNode group = memberWhen(groupMember, active());
        String groupObject = group.get("directoryObjectId").asText();
        assertThat(directory.groupsOf(owner.tenantId(), ada.oid())).containsExactly(groupObject);

        Api.Answer effective = api.as(ada.inGroups(groupObject)).get("/api/v1/accounts/" + accountId + "/members/"
                + adaMember + "/effective-access");
        assertThat(effective.json().get("access").get("permissions").get("account").get("payout-account").asText())
                .isEqualTo("READ_WRITE");

        Api.Answer renamed = api.as(owner).patch("/api/v1/accounts/" + accountId + "/groups/" + groupMember,
                Map.of("displayName", "Finance and Payouts"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        memberWhen(groupMember, m -> m.get("displayName").asText().equals("Finance and Payouts"));
        Instant deadline = Instant.now().plusSeconds(20);
        while (!directory.search(owner.tenantId(), io.gatehouse.membership.MemberType.GROUP, "payouts", 10).stream()
                .anyMatch(g -> g.id().equals(groupObject))) {
            assertThat(Instant.now()).as("rename written through").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aNewApplicationShowsWhatAClientNeedsAndItsKeyIsShownOnce() throws Exception {
        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/new", Map.of(
                "replyUrl", "https://store.contoso.com/callback", "appIdUri", "api://contoso-store-" + accountId,
                "access", roles("DEVELOPER")));

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        JsonNode app = memberWhen(memberId, active());
        assertThat(app.get("tenantId").asText()).isEqualTo(owner.tenantId());
        assertThat(app.get("clientId").asText()).isNotBlank();
        assertThat(app.get("replyUrl").asText()).isEqualTo("https://store.contoso.com/callback");
        assertThat(app.get("appIdUri").asText()).isEqualTo("api://contoso-store-" + accountId);
        assertThat(app.get("keys").size()).isZero();

        Api.Answer keyRequest = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/" + memberId + "/keys", "{}");
        assertThat(keyRequest.status()).as(keyRequest.toString()).isEqualTo(202);
        assertThat(keyRequest.json().get("keyRequestId").asText()).isNotBlank();
        String credentials = keyRequest.json().get("credentials").asText();
        Api.Answer shown;
        Instant deadline = Instant.now().plusSeconds(20);
        do {
            shown = api.as(owner).get(credentials);
            if (shown.status() == 202) Thread.sleep(50);
        } while (shown.status() == 202 && Instant.now().isBefore(deadline));
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        String key = shown.json().get("key").asText();
        assertThat(key).isNotBlank();
        assertThat(shown.json().get("clientId").asText()).isEqualTo(app.get("clientId").asText());
        assertThat(shown.json().get("tenantId").asText()).isEqualTo(owner.tenantId());
        String keyId = shown.json().get("keyId").asText();
        assertThat(Instant.parse(shown.json().get("expiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofDays(729)));
        assertThat(api.as(owner).get(credentials).status()).isEqualTo(410);

        JsonNode listed = memberWhen(memberId, m -> m.get("keys").size() == 1);
        assertThat(listed.get("keys").get(0).get("keyId").asText()).isEqualTo(keyId);
        assertThat(listed.get("keys").get(0).get("expired").asBoolean()).isFalse();
        assertThat(listed.toString()).doesNotContain(key);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?",
                Long.class, "%" + key + "%")).isZero();

        Api.Answer removed = api.as(owner).delete("/api/v1/accounts/" + accountId + "/applications/" + memberId + "/keys/" + keyId);
        assertThat(removed.status()).isEqualTo(204);
        memberWhen(memberId, m -> m.get("keys").size() == 0);
        assertThat(api.as(owner).delete("/api/v1/accounts/" + accountId + "/applications/" + memberId + "/keys/" + keyId)
                .status()).isEqualTo(404);
    }

    @Test
    void applicationUrlsAreAbsoluteAtMost256CharactersAndUniqueInTheTenant() throws Exception {
        String taken = "api://taken-" + accountId;
        String first = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/new", Map.of(
                "replyUrl", "https://one.contoso.com/cb", "appIdUri", taken, "access", roles("DEVELOPER")))
                .json().get("memberId").asText();
        memberWhen(first, active());

        Api.Answer tooLong = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/new", Map.of(
                "replyUrl", "https://contoso.com/" + "x".repeat(237), "appIdUri", "relative/path", "access", roles("DEVELOPER")));
        Api.Answer duplicate = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/new", Map.of(
                "replyUrl", "https://two.contoso.com/cb", "appIdUri", taken, "access", roles("DEVELOPER")));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("replyUrl", "appIdUri");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("errors").findValuesAsText("field")).containsExactly("appIdUri");

        Api.Answer edited = api.as(owner).patch("/api/v1/accounts/" + accountId + "/applications/" + first,
                Map.of("replyUrl", "https://one.contoso.com/callback"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        memberWhen(first, m -> m.get("replyUrl").asText().equals("https://one.contoso.com/callback"));
    }
}
