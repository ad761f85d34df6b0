package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MembersTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private String accountId;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
    }

    @Test
    void severalExistingUsersAddedInOneGoAllGetTheSameAccess() {
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String grace = directoryUser(owner, accountId, "Grace Hopper");

        List<String> memberIds = add(owner, accountId, "users", roles("DEVELOPER", "MARKETER"), ada, grace);

        JsonNode list = usersList(owner, accountId, "?type=user");
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("items").findValuesAsText("memberId")).containsExactlyInAnyOrderElementsOf(memberIds);
        JsonNode first = list.get("items").get(0);
        assertThat(first.get("displayName").asText()).isEqualTo("Ada Lovelace");
        assertThat(first.get("username").asText()).isEqualTo("ada.lovelace@contoso.com");
        assertThat(first.get("email").asText()).isEqualTo("ada.lovelace@contoso.com");
        assertThat(first.get("type").asText()).isEqualTo("user");
        assertThat(first.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(first.get("tenantId").asText()).isEqualTo(owner.tenantId());
        assertThat(first.get("directoryObjectId").asText()).isEqualTo(ada);
        assertThat(first.get("access").get("roles").toString()).isEqualTo("[\"DEVELOPER\",\"MARKETER\"]");
        assertThat(first.has("lastActivity")).isTrue();
    }

    @Test
    void groupsAndApplicationsAreAddedTheSameWay() {
        String group = directoryObject(owner, accountId, "groups", "Store Publishers");
        String app = directoryObject(owner, accountId, "applications", "Build Pipeline");

        add(owner, accountId, "groups", roles("DEVELOPER"), group);
        add(owner, accountId, "applications", roles("DEVELOPER"), app);

        JsonNode groups = usersList(owner, accountId, "?type=group");
        assertThat(groups.get("items").findValuesAsText("displayName")).containsExactly("Store Publishers");
        JsonNode apps = usersList(owner, accountId, "?type=application");
        assertThat(apps.get("items").findValuesAsText("displayName")).containsExactly("Build Pipeline");
        String appMember = apps.get("items").get(0).get("memberId").asText();
        JsonNode one = api.as(owner).get("/api/v1/accounts/" + accountId + "/members/" + appMember).json();
        assertThat(one.get("clientId").asText()).isNotBlank();
        assertThat(one.get("keys").isArray()).isTrue();
    }

    @Test
    void whenOneIsAlreadyAMemberNoneIsAdded() {
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String grace = directoryUser(owner, accountId, "Grace Hopper");
        add(owner, accountId, "users", roles("DEVELOPER"), ada);

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(grace, ada), "access", roles("MARKETER")));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("directoryObjectIds[1]");
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void anObjectThatIsNotInTheCallersTenantIsNamed() {
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String stranger = UUID.randomUUID().toString();

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(ada, stranger), "access", roles("DEVELOPER")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("directoryObjectIds[1]");
        assertThat(refused.json().get("errors").get(0).get("message").asText()).contains(stranger);
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isZero();
    }

    @Test
    void aGroupIdIsNotAUser() {
        String group = directoryObject(owner, accountId, "groups", "Store Publishers");

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(group), "access", roles("DEVELOPER")));

        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void badInputIsNamedFieldByFieldAndChangesNothing() {
        Map<String, Object> body = Map.of(
                "directoryObjectIds", List.of("not-a-guid", 42),
                "access", Map.of("permissions", Map.of(
                        "account", Map.of("payout-account", "READ", "coffee-machine", "READ"),
                        "products", Map.of("*", Map.of("acquisitions", "READ_WRITE", "packages", "WRITE")))));

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/users", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).isNotBlank();
        assertThat(refused.json().get("title").asText()).isNotBlank();
        assertThat(refused.json().get("errors").findValuesAsText("field")).contains(
                "directoryObjectIds[0]", "directoryObjectIds[1]", "access.permissions.products.*.packages");
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isZero();
    }

    @Test
    void unknownPermissionAreasAndLevelsAnAreaDoesNotAllowAreRefused() {
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        Map<String, Object> body = Map.of("directoryObjectIds", List.of(ada), "access", Map.of("permissions", Map.of(
                "account", Map.of("coffee-machine", "READ", "ad-performance-reports", "READ_WRITE"))));

        Api.Answer refused = api.as(owner).post("/api/v1/accounts/" + accountId + "/users", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "access.permissions.account.coffee-machine", "access.permissions.account.ad-performance-reports");
    }

    @Test
    void emptyAndOversizeListsAreRefused() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) tooMany.add(UUID.randomUUID().toString());

        Api.Answer empty = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(), "access", roles("DEVELOPER")));
        Api.Answer oversize = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", tooMany, "access", roles("DEVELOPER")));

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("field").asText()).isEqualTo("directoryObjectIds");
        assertThat(oversize.status()).isEqualTo(400);
        assertThat(oversize.json().get("errors").findValuesAsText("field")).contains("directoryObjectIds");
    }

    @Test
    void malformedJsonWrongTypesAndMalformedIdsAreRefused() {
        Api.Answer malformed = api.as(owner).post("/api/v1/accounts/" + accountId + "/users", "{\"directoryObjectIds\": [");
        Api.Answer wrongType = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", "abc", "access", "MANAGER"));
        Api.Answer badAccount = api.as(owner).get("/api/v1/accounts/not-an-id/members");
        Api.Answer badMember = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/42/access",
                roles("DEVELOPER"));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("directoryObjectIds", "access");
        assertThat(badAccount.status()).isEqualTo(400);
        assertThat(badAccount.json().get("errors").get(0).get("field").asText()).isEqualTo("accountId");
        assertThat(badMember.status()).isEqualTo(400);
    }

    @Test
    void changingAccessAnswersTheNewVersionAndAStaleIfMatchIsRefused() {
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        Api.Answer before = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId);
        String etag = before.header("ETag");
        assertThat(etag).isEqualTo("\"0\"");

        Api.Answer changed = api.as(owner).header("If-Match", etag)
                .put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access", roles("FINANCE_CONTRIBUTOR"));
        Api.Answer stale = api.as(owner).header("If-Match", etag)
                .put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access", roles("MARKETER"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"1\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        Api.Answer after = api.as(owner).header("Gatehouse-Min-Position", changed.position())
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId);
        assertThat(after.header("ETag")).isEqualTo("\"1\"");
        assertThat(after.json().get("access").get("roles").get(0).asText()).isEqualTo("FINANCE_CONTRIBUTOR");
    }

    @Test
    void customPermissionsReplaceRoles() {
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        Map<String, Object> permissions = Map.of("permissions", Map.of(
                "account", Map.of("payout-account", "READ"),
                "products", Map.of("9NBLGGH4R315", Map.of("packages", "READ_WRITE"))));

        Api.Answer changed = api.as(owner)
                .put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access", permissions);

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode access = api.as(owner).header("Gatehouse-Min-Position", changed.position())
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId).json().get("access");
        assertThat(access.has("roles")).isFalse();
        assertThat(access.get("permissions").get("account").get("payout-account").asText()).isEqualTo("READ");
        assertThat(access.get("permissions").get("products").get("9NBLGGH4R315").get("packages").asText())
                .isEqualTo("READ_WRITE");
    }

    @Test
    void aRemovedMemberLeavesTheListAndMayBeAddedAgain() {
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"), ada).get(0);

        Api.Answer removed = api.as(owner).delete("/api/v1/accounts/" + accountId + "/members/" + memberId);

        assertThat(removed.status()).isEqualTo(204);
        lastPosition = removed.position();
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isZero();
        assertThat(api.as(owner).get("/api/v1/accounts/" + accountId + "/members/" + memberId).status()).isEqualTo(404);
        assertThat(api.as(owner).delete("/api/v1/accounts/" + accountId + "/members/" + memberId).status())
                .isEqualTo(404);
        // the directory object was not touched: it can be added again, as a new member
        String again = add(owner, accountId, "users", roles("MARKETER"), ada).get(0);
        assertThat(again).isNotEqualTo(memberId);
        // and it is still in the directory
        assertThat(api.as(owner).get("/api/v1/accounts/" + accountId + "/directory/users?search=ada").json()
                .get("items").findValuesAsText("id")).contains(ada);
    }

    @Test
    void theUsersListSearchesFiltersAndPages() {
        List<String> objects = new ArrayList<>();
        for (String name : List.of("Ada Lovelace", "Alan Turing", "Barbara Liskov", "Grace Hopper", "Edsger Dijkstra")) {
            objects.add(directoryUser(owner, accountId, name));
        }
        add(owner, accountId, "users", roles("DEVELOPER"), objects.toArray(String[]::new));
        add(owner, accountId, "groups", roles("MARKETER"), directoryObject(owner, accountId, "groups", "Ada Fans"));

        assertThat(usersList(owner, accountId, "?search=ADA").get("items").findValuesAsText("displayName"))
                .containsExactly("Ada Fans", "Ada Lovelace");
        assertThat(usersList(owner, accountId, "?search=liskov%40contoso").get("items").findValuesAsText("displayName"))
                .containsExactly("Barbara Liskov");
        assertThat(usersList(owner, accountId, "?type=user&search=ada").get("total").asLong()).isEqualTo(1);
        assertThat(usersList(owner, accountId, "?tenantId=" + owner.tenantId()).get("total").asLong()).isEqualTo(6);
        assertThat(usersList(owner, accountId, "?status=INVITATION_PENDING").get("total").asLong()).isZero();
        JsonNode page = usersList(owner, accountId, "?type=user&page=1&size=2");
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("items").findValuesAsText("displayName")).containsExactly("Barbara Liskov", "Edsger Dijkstra");

        Api.Answer tooBig = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?size=501");
        Api.Answer badType = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?type=robot&status=GONE");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("type", "status");
    }

    @Test
    void effectiveAccessIsTheMembersOwnPlusThatOfItsGroupsInTheCallersToken() {
        String groupObject = directoryObject(owner, accountId, "groups", "Finance Team");
        add(owner, accountId, "groups", Map.of("permissions", Map.of("account", Map.of("payout-account", "READ_WRITE"))),
                groupObject);
        Person ada = TestTokens.person("Ada Lovelace", owner.tenantId()).inGroups(groupObject);
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUserWithId(owner, accountId, ada)).get(0);

        Api.Answer effective = api.as(ada).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId + "/effective-access");

        assertThat(effective.status()).as(effective.toString()).isEqualTo(200);
        JsonNode access = effective.json().get("access");
        assertThat(access.get("roles").get(0).asText()).isEqualTo("DEVELOPER");
        assertThat(access.get("permissions").get("account").get("payout-account").asText()).isEqualTo("READ_WRITE");
        assertThat(effective.json().get("grantedBy").findValuesAsText("displayName"))
                .containsExactly("Ada Lovelace", "Finance Team");
    }

    @Test
    void aMemberOfAMemberGroupMayReadTheAccountAndAGroupManagerMayManage() {
        String groupObject = directoryObject(owner, accountId, "groups", "Managers");
        add(owner, accountId, "groups", roles("MANAGER"), groupObject);
        Person viaGroup = TestTokens.person("Gina Group", owner.tenantId()).inGroups(groupObject);

        assertThat(api.as(viaGroup).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members").status()).isEqualTo(200);
        String ada = directoryUser(viaGroup, accountId, "Ada Lovelace");
        assertThat(api.as(viaGroup).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(ada), "access", roles("DEVELOPER"))).status()).isEqualTo(201);
    }

    @Test
    void aBusyMemberIsLoadedFromASnapshotAndKeepsItsState(@org.springframework.beans.factory.annotation.Autowired
                                                          org.springframework.jdbc.core.JdbcTemplate jdbc) {
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        Api.Answer last = null;
        // past the first snapshot (every 50 events with the test settings)
        for (int i = 1; i <= 60; i++) {
            last = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                    roles(i % 2 == 0 ? "DEVELOPER" : "MARKETER"));
            assertThat(last.status()).as(last.toString()).isEqualTo(200);
        }

        assertThat(last.header("ETag")).isEqualTo("\"60\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, memberId)).isPositive();
        // loaded from the snapshot: an unchanged access records nothing, a stale If-Match is still refused
        Api.Answer same = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                roles("DEVELOPER"));
        assertThat(same.header("ETag")).isEqualTo("\"60\"");
        assertThat(api.as(owner).header("If-Match", "\"59\"").delete("/api/v1/accounts/" + accountId + "/members/"
                + memberId).status()).isEqualTo(412);
    }
}
