package io.gatehouse.app.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.gatehouse.directory.testing.TenantGraphDouble;
import io.gatehouse.directory.testing.TenantGraphDouble.Call;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.gatehouse.directory.testing.TenantGraphDouble.created;
import static io.gatehouse.directory.testing.TenantGraphDouble.delta;
import static io.gatehouse.directory.testing.TenantGraphDouble.deltaPath;
import static io.gatehouse.directory.testing.TenantGraphDouble.graphError;
import static io.gatehouse.directory.testing.TenantGraphDouble.in;
import static io.gatehouse.directory.testing.TenantGraphDouble.noContent;
import static io.gatehouse.directory.testing.TenantGraphDouble.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory as it really is: changes made in the directory (the Graph double) outside Gatehouse reach the Users
 * list and the history through Graph delta queries, run every second here ({@code gatehouse.directory.refresh-interval}),
 * and existing objects are complete once added.
 */
class DirectoryRefreshEndToEndTest extends GraphModeScenario {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The interval, db-scheduler's polling and a loaded machine. */
    static final Duration WITHIN = Duration.ofSeconds(15);

    @BeforeAll
    static void start() {
        startService("--gatehouse.directory.refresh-interval=PT" + INTERVAL.toSeconds() + "S");
    }

    @Test
    void aGuestWhoRedeemsInTheDirectoryShowsAsAcceptedWithinTheIntervalWithoutACallPerInvitation() {
        String guest = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/invitations")))
                .willReturn(created("{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"PendingAcceptance\","
                        + "\"invitedUser\":{\"id\":\"" + guest + "\"}}")));
        Api.Answer invited = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", "grace@fabrikam.com", "access", Map.of("roles", List.of("MARKETER"))));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        String memberId = invited.json().get("invitations").get(0).get("memberId").asText();
        String invitationId = invited.json().get("invitations").get(0).get("invitationId").asText();
        JsonNode pending = service.memberWhen(owner, accountId, memberId, "invited in Graph",
                m -> guest.equals(m.path("directoryObjectId").asText()));
        assertThat(pending.get("status").asText()).isEqualTo("INVITATION_PENDING");
        assertThat(pending.get("invitationId").asText()).isEqualTo(invitationId);

        // the guest redeems: the next delta round says so
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("unchanged"))
                .willReturn(delta("users", "after-redemption", "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\""
                        + guest + "\",\"displayName\":\"grace\",\"userPrincipalName\":"
                        + "\"grace_fabrikam.com#EXT#@contoso.onmicrosoft.com\",\"accountEnabled\":true,"
                        + "\"externalUserState\":\"Accepted\"}")));
        Instant redeemed = Instant.now();

        JsonNode accepted = memberWithin(memberId, "accepted", m -> "ACTIVE".equals(m.path("status").asText()));
        assertThat(Duration.between(redeemed, Instant.now())).isLessThan(WITHIN);
        assertThat(accepted.get("username").asText()).as("a guest's username stays its email address")
                .isEqualTo("grace@fabrikam.com");
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.GET, "/v1.0/users/" + guest))
                .as("no call per invitation").isEmpty();
        JsonNode invitations = api.as(owner).get("/api/v1/accounts/" + accountId + "/invitations").json().get("items");
        assertThat(invitations.get(0).get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void aUserRenamedThenDeletedInTheDirectoryIsFollowedByTheUsersListAndTheHistoryAndLosesItsAccess() {
        String adaId = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(values(TenantGraphDouble.userJson(adaId, "Ada", "Lovelace", "ada@contoso.com"))));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users/" + adaId + "/memberOf"))).willReturn(values()));
        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(adaId), "access", Map.of("roles", List.of("DEVELOPER"))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String memberId = added.json().get("members").get(0).get("memberId").asText();
        Person ada = new Person(adaId, tenant, "Ada Lovelace", List.of(), List.of(), List.of());
        GraphModeService.awaitTrue("Ada reads her account", () ->
                api.as(ada).get("/api/v1/accounts/" + accountId).status() == 200);

        // renamed in the Azure portal
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("unchanged"))
                .willReturn(delta("users", "renamed", "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + adaId
                        + "\",\"displayName\":\"Ada King\",\"givenName\":\"Ada\",\"surname\":\"King\","
                        + "\"userPrincipalName\":\"ada.king@contoso.com\",\"accountEnabled\":true}")));
        JsonNode renamed = memberWithin(memberId, "renamed", m -> "Ada King".equals(m.path("displayName").asText()));
        assertThat(renamed.get("lastName").asText()).isEqualTo("King");
        assertThat(renamed.get("username").asText()).isEqualTo("ada.king@contoso.com");
        assertThat(renamed.get("directoryState").asText()).isEqualTo("PRESENT");
        JsonNode listed = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?search=king").json();
        assertThat(listed.get("items").findValuesAsText("memberId")).containsExactly(memberId);

        // deleted there
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("renamed"))
                .willReturn(delta("users", "deleted", "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + adaId
                        + "\",\"@removed\":{\"reason\":\"changed\"}}")));
        JsonNode deleted = memberWithin(memberId, "deleted", m -> "DELETED".equals(m.path("directoryState").asText()));
        assertThat(deleted.get("displayName").asText()).isEqualTo("Ada King");
        GraphModeService.awaitTrue("Ada's access stops counting", () ->
                api.as(ada).get("/api/v1/accounts/" + accountId).status() == 403);

        JsonNode history = service.historyWhen(owner, accountId, memberId,
                items -> types(items).contains("DirectoryObjectDeleted"));
        assertThat(types(history)).containsSubsequence("UserAdded", "DirectoryObjectChanged",
                "DirectoryObjectDeleted");
        JsonNode change = entries(history, "DirectoryObjectChanged").get(0);
        assertThat(change.get("actor").toString()).as("attributed to the directory").isEqualTo("{\"directory\":true}");
        assertThat(change.get("details").get("displayName").asText()).isEqualTo("Ada King");
        assertThat(change.get("details").get("lastName").asText()).isEqualTo("King");
        assertThat(change.get("details").hasNonNull("firstName")).as("unchanged fields are left out").isFalse();
    }

    @Test
    void anAddedUserComesWithItsGroupsAGroupRenamedThereIsFollowedAndADisabledAccountGrantsNothingWhileItIs() {
        String adaId = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        String groupJson = "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"" + groupId
                + "\",\"displayName\":\"Release team\"}";
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(values(TenantGraphDouble.userJson(adaId, "Ada", "Lovelace", "ada@contoso.com"), groupJson)));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users/" + adaId + "/memberOf"))).willReturn(values(groupJson)));
        Api.Answer group = api.as(owner).post("/api/v1/accounts/" + accountId + "/groups",
                Map.of("directoryObjectIds", List.of(groupId), "access", Map.of("roles", List.of("MARKETER"))));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String groupMember = group.json().get("members").get(0).get("memberId").asText();
        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(adaId), "access", Map.of("roles", List.of("DEVELOPER"))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String memberId = added.json().get("members").get(0).get("memberId").asText();

        JsonNode ada = memberWithin(memberId, "in her groups", m -> m.path("groups").size() == 1);
        assertThat(ada.get("groups").get(0).asText()).as("the group's member id").isEqualTo(groupMember);

        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("groups")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("unchanged"))
                .willReturn(delta("groups", "renamed", groupJson.replace("Release team", "Release and QA"))));
        memberWithin(groupMember, "renamed", m -> "Release and QA".equals(m.path("displayName").asText()));

        // Ada joins another of the account's groups in the Azure portal
        String qaId = UUID.randomUUID().toString();
        String qaJson = "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"" + qaId + "\",\"displayName\":\"QA\"}";
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds"))).willReturn(values(qaJson)));
        Api.Answer qa = api.as(owner).post("/api/v1/accounts/" + accountId + "/groups",
                Map.of("directoryObjectIds", List.of(qaId), "access", Map.of("roles", List.of("MARKETER"))));
        assertThat(qa.status()).as(qa.toString()).isEqualTo(201);
        String qaMember = qa.json().get("members").get(0).get("memberId").asText();
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users/" + adaId + "/memberOf")))
                .willReturn(values(groupJson, qaJson)));
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("groups")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("renamed"))
                .willReturn(delta("groups", "joined", qaJson.replaceFirst("}$", ",\"members@delta\":[{\"@odata.type\":"
                        + "\"#microsoft.graph.user\",\"id\":\"" + adaId + "\"}]}"))));
        JsonNode inBoth = memberWithin(memberId, "in both groups", m -> m.path("groups").size() == 2);
        assertThat(List.of(inBoth.get("groups").get(0).asText(), inBoth.get("groups").get(1).asText()))
                .containsExactlyInAnyOrder(groupMember, qaMember);

        Person adaSignedIn = new Person(adaId, tenant, "Ada Lovelace", List.of(), List.of(), List.of());
        GraphModeService.awaitTrue("Ada reads her account", () ->
                api.as(adaSignedIn).get("/api/v1/accounts/" + accountId).status() == 200);
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("unchanged"))
                .willReturn(delta("users", "disabled", "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\""
                        + adaId + "\",\"accountEnabled\":false}")));
        memberWithin(memberId, "disabled", m -> "DISABLED".equals(m.path("directoryState").asText()));
        GraphModeService.awaitTrue("Ada's access does not count while she is disabled", () ->
                api.as(adaSignedIn).get("/api/v1/accounts/" + accountId).status() == 403);

        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("disabled"))
                .willReturn(delta("users", "enabled", "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\""
                        + adaId + "\",\"accountEnabled\":true}")));
        memberWithin(memberId, "enabled again", m -> "PRESENT".equals(m.path("directoryState").asText()));
        GraphModeService.awaitTrue("Ada's access counts again", () ->
                api.as(adaSignedIn).get("/api/v1/accounts/" + accountId).status() == 200);
        JsonNode history = service.historyWhen(owner, accountId, memberId,
                items -> entries(items, "DirectoryObjectDisabled").size() == 2);
        assertThat(entries(history, "DirectoryObjectDisabled")).extracting(e -> e.get("details").get("disabled")
                .asBoolean()).containsExactly(true, false);
    }

    @Test
    void anExistingApplicationShowsItsUrlsAndKeysOnceAddedAndAKeyMadeElsewhereIsRemovedThroughGatehouse() {
        String appObject = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        String keyId = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(values("{\"@odata.type\":\"#microsoft.graph.application\",\"id\":\"" + appObject
                        + "\",\"appId\":\"" + clientId + "\",\"displayName\":\"Store publisher\"}")));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications/" + appObject))).willReturn(okJson(
                "{\"id\":\"" + appObject + "\",\"appId\":\"" + clientId + "\",\"displayName\":\"Store publisher\","
                        + "\"web\":{\"redirectUris\":[\"https://publisher.contoso.com/signin\"]},"
                        + "\"identifierUris\":[\"api://publisher.contoso.com\"],\"passwordCredentials\":[{\"keyId\":\""
                        + keyId + "\",\"hint\":\"Kx1\",\"displayName\":\"made in the portal\",\"secretText\":null,"
                        + "\"startDateTime\":\"2026-01-01T00:00:00Z\",\"endDateTime\":\"2099-01-01T00:00:00Z\"}]}")));

        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/applications",
                Map.of("directoryObjectIds", List.of(appObject), "access", Map.of("roles", List.of("DEVELOPER"))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String memberId = added.json().get("members").get(0).get("memberId").asText();

        JsonNode complete = memberWithin(memberId, "complete", m -> m.path("keys").size() == 1);
        assertThat(complete.get("replyUrl").asText()).isEqualTo("https://publisher.contoso.com/signin");
        assertThat(complete.get("appIdUri").asText()).isEqualTo("api://publisher.contoso.com");
        JsonNode key = complete.get("keys").get(0);
        assertThat(key.get("keyId").asText()).isEqualTo(keyId);
        assertThat(key.get("hint").asText()).isEqualTo("Kx1");
        assertThat(key.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(key.get("expiresAt").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(complete.toString()).doesNotContain("secretText");

        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/applications/" + appObject + "/removePassword")))
                .willReturn(noContent()));
        Api.Answer removed = api.as(owner).delete("/api/v1/accounts/" + accountId + "/applications/" + memberId
                + "/keys/" + keyId);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        GraphModeService.awaitTrue("the key removed in the directory", () -> !TenantGraphDouble.calls(tenant,
                RequestMethod.POST, "/v1.0/applications/" + appObject + "/removePassword").isEmpty());
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/applications/" + appObject
                + "/removePassword").get(0).json().get("keyId").asText()).isEqualTo(keyId);
        memberWithin(memberId, "without the key", m -> m.path("keys").isEmpty());
    }

    @Test
    void anExpiredDeltaLinkStartsOverWithAFullSyncAndThrottlingIsWaitedOut() {
        // groups: whatever link the last round handed out (the default stubs' too) has expired by the next one
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("groups")))).atPriority(5)
                .withQueryParam("$deltatoken", absent()).willReturn(delta("groups", "expiring")));
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("groups")))).atPriority(5)
                .withQueryParam("$deltatoken", matching(".+"))
                .willReturn(graphError(410, "SyncStateNotFound", "The sync state is no longer valid.")));
        GraphModeService.awaitTrue("a 410, then a full sync", () -> {
            List<Call> calls = TenantGraphDouble.calls(tenant, RequestMethod.GET, deltaPath("groups"));
            int gone = indexOf(calls, 410);
            return gone >= 0 && calls.subList(gone + 1, calls.size()).stream()
                    .anyMatch(call -> !call.url().contains("deltatoken"));
        });

        // users: throttled for 4 s
        graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                .withQueryParam("$deltatoken", equalTo("unchanged"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "4")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests.\"}}")));
        GraphModeService.awaitTrue("a 429", () -> indexOf(TenantGraphDouble.calls(tenant, RequestMethod.GET,
                deltaPath("users")), 429) >= 0);
        List<Call> users = TenantGraphDouble.calls(tenant, RequestMethod.GET, deltaPath("users"));
        long throttledAt = users.get(indexOf(users, 429)).at();
        GraphModeService.awaitTrue("delta rounds again after Retry-After", () -> TenantGraphDouble.calls(tenant,
                RequestMethod.GET, "/v1.0/(users|groups|applications)/.*", call -> call.at() > throttledAt).size() > 0);
        List<Call> after = TenantGraphDouble.calls(tenant, RequestMethod.GET, "/v1.0/(users|groups|applications)/.*",
                call -> call.at() > throttledAt);
        assertThat(after.get(0).at() - throttledAt).as("ms until the tenant's next delta call, Retry-After 4 s")
                .isGreaterThanOrEqualTo(4000);
    }

    private JsonNode memberWithin(String memberId, String what, java.util.function.Predicate<JsonNode> condition) {
        return service.memberWhen(owner, accountId, memberId, what, condition);
    }

    private static int indexOf(List<Call> calls, int status) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).status() == status) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> types(JsonNode items) {
        List<String> types = new ArrayList<>();
        items.forEach(item -> types.add(item.get("type").asText()));
        return types;
    }

    private static List<JsonNode> entries(JsonNode items, String type) {
        List<JsonNode> entries = new ArrayList<>();
        items.forEach(item -> {
            if (type.equals(item.get("type").asText())) {
                entries.add(item);
            }
        });
        return entries;
    }
}
