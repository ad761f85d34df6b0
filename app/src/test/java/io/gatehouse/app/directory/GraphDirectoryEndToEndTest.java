package io.gatehouse.app.directory;

import io.gatehouse.directory.testing.TenantGraphDouble;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gatehouse.directory.testing.TenantGraphDouble.Call;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import io.gatehouse.sync.reconcile.DirectoryReconciliation;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gatehouse.directory.testing.TenantGraphDouble.created;
import static io.gatehouse.directory.testing.TenantGraphDouble.graphError;
import static io.gatehouse.directory.testing.TenantGraphDouble.in;
import static io.gatehouse.directory.testing.TenantGraphDouble.noContent;
import static io.gatehouse.directory.testing.TenantGraphDouble.userJson;
import static io.gatehouse.directory.testing.TenantGraphDouble.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Users page's directory writes end to end: over HTTP into the all-in-one service running in graph mode, out of
 * it to a WireMock double speaking Microsoft Graph, and back through the event store to the Users list, the audit
 * history and the one-time credentials URL. The service runs on a database of its own (see {@link GraphModeService}).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphDirectoryEndToEndTest extends GraphModeScenario {

    static final String DUPLICATE_UPN = "Another object with the same value for property userPrincipalName already exists.";

    @BeforeAll
    static void start() {
        startService();
    }

    // Create a new user

    @Test
    @Order(1)
    void aNewUserIsCreatedInGraphAndItsTemporaryPasswordIsShownOnceToItsCallerOnly() {
        String adaId = UUID.randomUUID().toString();
        // a slow directory: the push is still on its way while the caller first looks
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .willReturn(created(userJson(adaId, "Ada", "Lovelace", "ada@contoso.com")).withFixedDelay(1500)));

        Api.Answer created = createUser("Ada", "Lovelace", "ada@contoso.com");

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        assertThat(created.json().get("status").asText()).isEqualTo("PROVISIONING");
        String memberId = created.json().get("memberId").asText();
        String credentials = created.json().get("credentials").asText();

        Api.Answer early = api.as(owner).get(credentials);
        assertThat(early.status()).as("credentials before the directory has the user: " + early).isEqualTo(202);
        assertThat(early.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
        Api.Answer provisioning = api.as(owner).header("Gatehouse-Min-Position", created.position())
                .get(members() + "/" + memberId);
        assertThat(provisioning.status()).as(provisioning.toString()).isEqualTo(200);
        assertThat(provisioning.json().get("status").asText()).isEqualTo("PROVISIONING");

        JsonNode active = service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        assertThat(active.get("directoryObjectId").asText()).isEqualTo(adaId);
        assertThat(active.get("username").asText()).isEqualTo("ada@contoso.com");
        assertThat(active.get("firstName").asText()).isEqualTo("Ada");

        List<Call> posts = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users");
        assertThat(posts).as("POST /users").hasSize(1);
        JsonNode body = posts.get(0).json();
        assertThat(body.path("userPrincipalName").asText()).isEqualTo("ada@contoso.com");
        assertThat(body.path("accountEnabled").isBoolean() && body.path("accountEnabled").asBoolean())
                .as("accountEnabled true in " + body).isTrue();
        assertThat(body.path("givenName").asText()).isEqualTo("Ada");
        assertThat(body.path("surname").asText()).isEqualTo("Lovelace");
        assertThat(body.path("displayName").asText()).isEqualTo("Ada Lovelace");
        assertThat(body.path("mailNickname").asText()).isEqualTo("ada");
        assertThat(body.path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean()).isTrue();
        String password = posts.get(0).password();
        assertThat(password).as("passwordProfile.password").isNotBlank();

        Person eve = TestTokens.person("Eve Eavesdropper", tenant).globalAdministrator();
        assertThat(api.as(eve).get(credentials).status()).as("another caller").isEqualTo(403);

        Api.Answer shown = api.as(owner).get(credentials);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.json().get("username").asText()).isEqualTo("ada@contoso.com");
        assertThat(shown.json().get("temporaryPassword").asText()).isEqualTo(password);
        assertThat(shown.header("Cache-Control")).contains("no-store");

        Api.Answer again = api.as(owner).get(credentials);
        assertThat(again.status()).as(again.toString()).isEqualTo(410);
        assertThat(again.json().get("type").asText()).endsWith("/credentials-gone");
        assertThat(again.text()).doesNotContain(password);
        assertThat(api.as(eve).get(credentials).status()).as("another caller, after the one read").isEqualTo(403);
    }

    @Test
    @Order(2)
    void aDuplicateUserPrincipalNameLeavesTheMemberSyncFailedWithGraphsReasonUntilRetried() {
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .willReturn(graphError(400, "Request_BadRequest", DUPLICATE_UPN)));

        Api.Answer created = createUser("Grace", "Hopper", "grace@contoso.com");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();

        JsonNode failed = service.memberWithStatus(owner, accountId, memberId, "SYNC_FAILED");
        assertThat(failed.path("syncError").asText()).as("syncError").contains(DUPLICATE_UPN);
        assertThat(failed.path("directoryObjectId").isNull()).isTrue();
        JsonNode history = service.historyWhen(owner, accountId, memberId,
                items -> entries(items, "DirectorySyncFailed").size() == 1);
        JsonNode failure = entries(history, "DirectorySyncFailed").get(0);
        assertThat(details(failure).path("reason").asText()).contains(DUPLICATE_UPN);
        assertThat(details(failure).path("operation").asText()).isEqualTo("CREATE_USER");
        // a permanent refusal is not retried on its own
        GraphModeService.pause(1000);
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users")).hasSize(1);

        // the other object is gone from the directory: retry
        String graceId = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .willReturn(created(userJson(graceId, "Grace", "Hopper", "grace@contoso.com"))));
        Api.Answer retried = api.as(owner).post(members() + "/" + memberId + "/directory-sync/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);

        JsonNode active = service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        assertThat(active.get("directoryObjectId").asText()).isEqualTo(graceId);
        assertThat(active.has("syncError")).as("syncError after the retry: " + active).isFalse();
        List<Call> posts = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users");
        assertThat(posts).extracting(Call::status).containsExactly(400, 201);
        assertThat(posts.get(1).json().path("userPrincipalName").asText()).isEqualTo("grace@contoso.com");

        Api.Answer shown = service.credentialsOnceReady(owner, retried.json().get("credentials").asText());
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.json().get("temporaryPassword").asText()).isEqualTo(posts.get(1).password());
        assertThat(shown.json().get("username").asText()).isEqualTo("grace@contoso.com");
        assertThat(api.as(owner).get(retried.json().get("credentials").asText()).status()).isEqualTo(410);
        JsonNode after = service.historyWhen(owner, accountId, memberId,
                items -> entries(items, "DirectorySynced").size() == 1);
        assertThat(entries(after, "DirectorySyncRetried")).hasSize(1);
    }

    @Test
    @Order(3)
    void aThrottledCreationWaitsForRetryAfterAndIsPushedOnce() {
        String alanId = UUID.randomUUID().toString();
        String scenario = "throttled-" + tenant;
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(graphError(429, "TooManyRequests", "Too many requests.").withHeader("Retry-After", "2"))
                .willSetStateTo("open"));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs("open")
                .willReturn(created(userJson(alanId, "Alan", "Turing", "alan@contoso.com"))));

        Api.Answer created = createUser("Alan", "Turing", "alan@contoso.com");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        String credentials = created.json().get("credentials").asText();

        GraphModeService.awaitTrue("the first POST /users", () ->
                !TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users").isEmpty());
        Api.Answer waiting = api.as(owner).get(credentials);
        assertThat(waiting.status()).as("credentials while the push waits for Retry-After: " + waiting).isEqualTo(202);
        assertThat(waiting.header("Retry-After")).isNotBlank();

        JsonNode active = service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        assertThat(active.get("directoryObjectId").asText()).isEqualTo(alanId);
        GraphModeService.pause(1500); // a second push would have gone out by now (the backoff is 0.2 s)
        List<Call> posts = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users");
        assertThat(posts).extracting(Call::status).containsExactly(429, 201);
        assertThat(posts.get(1).at() - posts.get(0).at()).as("ms between the 429 and the retry")
                .isGreaterThanOrEqualTo(1900);
        assertThat(posts.get(1).password()).isEqualTo(posts.get(0).password());

        Api.Answer shown = service.credentialsOnceReady(owner, credentials);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.json().get("temporaryPassword").asText()).isEqualTo(posts.get(1).password());
        JsonNode history = service.historyWhen(owner, accountId, memberId,
                items -> entries(items, "DirectorySynced").size() == 1);
        assertThat(entries(history, "DirectorySyncFailed")).isEmpty();
    }

    @Test
    @Order(4)
    void aCreationThatTimedOutAfterGraphMadeTheUserIsFoundNotMadeTwice() {
        String maryId = UUID.randomUUID().toString();
        String scenario = "timeout-" + tenant;
        // Graph makes the user but answers after the service's read timeout (2 s); from then on it finds her
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(created(userJson(maryId, "Mary", "Jackson", "mary@contoso.com")).withFixedDelay(4000))
                .willSetStateTo("made"));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users")))
                .withQueryParam("$filter", equalTo("userPrincipalName eq 'mary@contoso.com'"))
                .inScenario(scenario).whenScenarioStateIs("made")
                .willReturn(values(userJson(maryId, "Mary", "Jackson", "mary@contoso.com"))));
        graph.stubFor(in(tenant, patch(urlPathEqualTo("/v1.0/users/" + maryId))).willReturn(noContent()));

        Api.Answer created = createUser("Mary", "Jackson", "mary@contoso.com");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();

        JsonNode active = service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        assertThat(active.get("directoryObjectId").asText()).isEqualTo(maryId);
        GraphModeService.pause(1000);
        List<Call> posts = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users");
        assertThat(posts).as("POST /users").hasSize(1);
        Api.Answer shown = service.credentialsOnceReady(owner, created.json().get("credentials").asText());
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        // the password shown is the one the directory holds: the one created with, or the one set afterwards
        List<Call> patches = TenantGraphDouble.calls(tenant, RequestMethod.PATCH, "/v1.0/users/" + maryId);
        String holds = patches.isEmpty() ? posts.get(0).password() : patches.get(patches.size() - 1).password();
        assertThat(shown.json().get("temporaryPassword").asText()).isEqualTo(holds);
    }

    /**
     * Someone else's user took the username between the Manager's request and the push: Graph refuses the creation
     * as a duplicate. When the Manager retries, the other user is still there; it is not the member's to take over.
     */
    @Test
    @Order(5)
    void aRetryAfterADuplicateUsernameDoesNotTakeOverTheOtherUser() {
        String strangerId = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .willReturn(graphError(400, "Request_BadRequest", DUPLICATE_UPN)));
        graph.stubFor(in(tenant, patch(urlPathEqualTo("/v1.0/users/" + strangerId))).willReturn(noContent()));

        Api.Answer created = createUser("Dorothy", "Vaughan", "dorothy@contoso.com");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        service.memberWithStatus(owner, accountId, memberId, "SYNC_FAILED");
        // Graph's look-up now shows the other user too
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users")))
                .withQueryParam("$filter", equalTo("userPrincipalName eq 'dorothy@contoso.com'"))
                .willReturn(values(userJson(strangerId, "Dorothy", "Other", "dorothy@contoso.com"))));

        Api.Answer retried = api.as(owner).post(members() + "/" + memberId + "/directory-sync/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        GraphModeService.awaitTrue("the retry reaches Graph", () -> TenantGraphDouble.calls(tenant, RequestMethod.GET,
                "/v1.0/users", call -> decoded(call).contains("dorothy@contoso.com")).size() >= 2
                || TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/users").size() >= 2);
        GraphModeService.pause(1500);

        JsonNode member = service.memberWhen(owner, accountId, memberId, "read", m -> true);
        Api.Answer credentials = api.as(owner).get(retried.json().get("credentials").asText());
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(TenantGraphDouble.calls(tenant, RequestMethod.PATCH, "/v1.0/users/" + strangerId))
                    .extracting(Call::url).as("PATCHes of the other user (its password reset by the retry)").isEmpty();
            softly.assertThat(member.path("directoryObjectId").asText(null)).as("member linked to the other user")
                    .isNotEqualTo(strangerId);
            softly.assertThat(member.get("status").asText()).as("status after the retry").isEqualTo("SYNC_FAILED");
            softly.assertThat(credentials.status()).as("credentials URL shows the other user's new password")
                    .isNotEqualTo(200);
        });
    }

    // Invitations

    @Test
    @Order(6)
    void invitedGuestsArePendingUntilGraphSaysTheyAcceptedAndCanBeResentUntilThen() {
        String guestA = UUID.randomUUID().toString();
        String guestB = UUID.randomUUID().toString();
        for (String[] guest : List.of(new String[]{"a@contoso.com", guestA}, new String[]{"b@fabrikam.com", guestB})) {
            graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/invitations")))
                    .withRequestBody(matchingJsonPath("$.invitedUserEmailAddress", equalTo(guest[0])))
                    .willReturn(created("{\"id\":\"" + UUID.randomUUID() + "\",\"invitedUserEmailAddress\":\""
                            + guest[0] + "\",\"status\":\"PendingAcceptance\",\"invitedUser\":{\"id\":\"" + guest[1]
                            + "\"}}")));
        }

        Api.Answer invited = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", "a@contoso.com; b@fabrikam.com", "access", Map.of("roles", List.of("MARKETER"))));

        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        JsonNode invitations = invited.json().get("invitations");
        assertThat(invitations.findValuesAsText("email")).containsExactly("a@contoso.com", "b@fabrikam.com");
        assertThat(invitations.findValuesAsText("status")).containsExactly("PENDING", "PENDING");
        String memberA = invitations.get(0).get("memberId").asText();
        String invitationA = invitations.get(0).get("invitationId").asText();
        String memberB = invitations.get(1).get("memberId").asText();

        JsonNode pendingA = service.memberWhen(owner, accountId, memberA, "invited in Graph",
                m -> guestA.equals(m.path("directoryObjectId").asText()));
        assertThat(pendingA.get("status").asText()).isEqualTo("INVITATION_PENDING");
        JsonNode pendingB = service.memberWhen(owner, accountId, memberB, "invited in Graph",
                m -> guestB.equals(m.path("directoryObjectId").asText()));
        assertThat(pendingB.get("status").asText()).isEqualTo("INVITATION_PENDING");

        List<Call> sent = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/invitations");
        assertThat(sent).as("POST /invitations").hasSize(2);
        assertThat(sent).extracting(call -> call.json().path("invitedUserEmailAddress").asText())
                .containsExactlyInAnyOrder("a@contoso.com", "b@fabrikam.com");
        for (Call call : sent) {
            assertThat(call.json().path("sendInvitationMessage").asBoolean()).as(call.body()).isTrue();
            assertThat(call.json().path("inviteRedirectUrl").asText()).isEqualTo("https://partner.microsoft.com/dashboard");
            assertThat(call.json().path("resetRedemption").asBoolean(false)).as(call.body()).isFalse();
        }

        JsonNode pendingList = invitationsWhen("?status=PENDING", items -> items.size() == 2);
        for (JsonNode item : pendingList) {
            assertThat(item.get("status").asText()).isEqualTo("PENDING");
            assertThat(item.get("sentAt").isNull()).isFalse();
            assertThat(item.get("acceptedAt").isNull()).isTrue();
        }

        Api.Answer resent = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations/" + invitationA
                + "/resend", "");
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        GraphModeService.awaitTrue("the resend reaches Graph", () ->
                TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/invitations").size() == 3);
        Call resend = TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/invitations").get(2);
        assertThat(resend.json().path("resetRedemption").asBoolean()).as(resend.body()).isTrue();
        assertThat(resend.json().path("invitedUserEmailAddress").asText()).isEqualTo("a@contoso.com");
        assertThat(resend.json().path("invitedUser").path("id").asText()).isEqualTo(guestA);
        invitationsWhen("", items -> invitation(items, invitationA).hasNonNull("resentAt"));

        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users/" + guestA)))
                .willReturn(okJson("{\"id\":\"" + guestA + "\",\"externalUserState\":\"Accepted\"}")));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/users/" + guestB)))
                .willReturn(okJson("{\"id\":\"" + guestB + "\",\"externalUserState\":\"PendingAcceptance\"}")));
        DirectoryReconciliation reconciliation = service.bean(DirectoryReconciliation.class);
        service.memberWhen(owner, accountId, memberA, "ACTIVE after reconciliation", m -> {
            reconciliation.acceptedInvitations();
            return "ACTIVE".equals(m.path("status").asText());
        });

        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.GET, "/v1.0/users/" + guestA)).isNotEmpty()
                .allSatisfy(call -> assertThat(decoded(call)).contains("externalUserState"));
        JsonNode all = invitationsWhen("", items -> "ACCEPTED".equals(invitation(items, invitationA).path("status").asText()));
        assertThat(invitation(all, invitationA).hasNonNull("acceptedAt")).isTrue();
        JsonNode stillPending = invitationsWhen("?status=PENDING", items -> items.size() == 1);
        assertThat(stillPending.get(0).get("memberId").asText()).isEqualTo(memberB);
        assertThat(service.memberWhen(owner, accountId, memberB, "read", m -> true).get("status").asText())
                .isEqualTo("INVITATION_PENDING");

        Api.Answer tooLate = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations/" + invitationA
                + "/resend", "");
        assertThat(tooLate.status()).as(tooLate.toString()).isEqualTo(409);
        GraphModeService.pause(500);
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/invitations")).hasSize(3);
    }

    // Reset a password, edit a user

    @Test
    @Order(7)
    void aPasswordResetPatchesThePasswordProfileAndTheNewPasswordIsShownOnce() {
        String[] made = activeUser("Katherine", "Johnson", "katherine@contoso.com");
        String memberId = made[0];
        String userId = made[1];
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(values(userJson(userId, "Katherine", "Johnson", "katherine@contoso.com"))));
        graph.stubFor(in(tenant, patch(urlPathEqualTo("/v1.0/users/" + userId))).willReturn(noContent()));

        Api.Answer reset = api.as(owner).post(usersPath() + "/" + memberId + "/password-reset", "");

        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        String credentials = reset.json().get("credentials").asText();
        // once directory sync recorded the reset, the password is ready: eight readers at once, one sees it
        service.historyWhen(owner, accountId, memberId, items -> entries(items, "DirectorySynced").stream()
                .anyMatch(entry -> "RESET_PASSWORD".equals(details(entry).path("operation").asText())));
        List<Api.Answer> reads = readAtOnce(owner, credentials, 8);
        assertThat(reads).extracting(Api.Answer::status).as("eight simultaneous reads")
                .containsOnlyOnce(200).containsOnly(200, 410);
        Api.Answer shown = reads.stream().filter(read -> read.status() == 200).findFirst().orElseThrow();
        List<Call> patches = TenantGraphDouble.calls(tenant, RequestMethod.PATCH, "/v1.0/users/" + userId);
        assertThat(patches).as("PATCH /users/{id}").hasSize(1);
        JsonNode body = patches.get(0).json();
        assertThat(body.path("passwordProfile").path("password").asText())
                .isEqualTo(shown.json().get("temporaryPassword").asText());
        assertThat(body.path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean()).isTrue();
        assertThat(body.has("userPrincipalName") || body.has("givenName")).as(body.toString()).isFalse();
        assertThat(shown.json().get("username").asText()).isEqualTo("katherine@contoso.com");
        assertThat(shown.json().get("temporaryPassword").asText()).isNotEqualTo(made[2]);

        assertThat(api.as(owner).get(credentials).status()).isEqualTo(410);
        assertThat(api.as(TestTokens.person("Eve Eavesdropper", tenant)).get(credentials).status()).isEqualTo(403);
        assertThat(service.memberWhen(owner, accountId, memberId, "read", m -> true).get("status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    @Order(8)
    void editingAUserPatchesGraphWithTheNewNamesOnly() {
        String[] made = activeUser("Ada", "Byron", "ada.byron@contoso.com");
        String memberId = made[0];
        String userId = made[1];
        graph.stubFor(in(tenant, patch(urlPathEqualTo("/v1.0/users/" + userId))).willReturn(noContent()));

        Api.Answer edited = api.as(owner).patch(usersPath() + "/" + memberId,
                Map.of("firstName", "Augusta", "username", "augusta@contoso.com"));

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        GraphModeService.awaitTrue("PATCH /users/" + userId, () ->
                !TenantGraphDouble.calls(tenant, RequestMethod.PATCH, "/v1.0/users/" + userId).isEmpty());
        List<Call> patches = TenantGraphDouble.calls(tenant, RequestMethod.PATCH, "/v1.0/users/" + userId);
        assertThat(patches).hasSize(1);
        JsonNode body = patches.get(0).json();
        assertThat(body.path("givenName").asText()).isEqualTo("Augusta");
        assertThat(body.path("userPrincipalName").asText()).isEqualTo("augusta@contoso.com");
        assertThat(body.path("displayName").asText()).isEqualTo("Augusta Byron");
        assertThat(body.has("surname")).as(body.toString()).isFalse();
        assertThat(body.has("passwordProfile")).as(body.toString()).isFalse();

        JsonNode member = service.memberWhen(owner, accountId, memberId, "renamed",
                m -> "Augusta".equals(m.path("firstName").asText()));
        assertThat(member.get("username").asText()).isEqualTo("augusta@contoso.com");
        assertThat(member.get("displayName").asText()).isEqualTo("Augusta Byron");
        assertThat(member.get("status").asText()).isEqualTo("ACTIVE");
    }

    // Directory integration

    @Test
    @Order(9)
    void aTenantSyncedFromOnPremisesRefusesNewUsers() {
        Person hybrid = TestTokens.person("Harriet Hybrid", TestTokens.newTenant()).globalAdministrator();
        TenantGraphDouble.tenant(hybrid.tenantId(), true);
        Api.Answer made = api.as(hybrid).post("/api/v1/accounts", Map.of("displayName", "Hybrid Games"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String hybridAccount = made.json().get("accountId").asText();

        Api.Answer account = api.as(hybrid).header("Gatehouse-Min-Position", made.position())
                .get("/api/v1/accounts/" + hybridAccount);
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        assertThat(account.json().get("tenants").get(0).get("directoryIntegration").asBoolean())
                .as(account.toString()).isTrue();
        assertThat(TenantGraphDouble.calls(hybrid.tenantId(), RequestMethod.GET, "/v1.0/organization")).isNotEmpty();

        Api.Answer refused = api.as(hybrid).post("/api/v1/accounts/" + hybridAccount + "/users/new", Map.of(
                "firstName", "Hedy", "lastName", "Lamarr", "username", "hedy@contoso.com",
                "access", Map.of("roles", List.of("DEVELOPER"))));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).endsWith("/directory-integration");
        GraphModeService.pause(500);
        assertThat(TenantGraphDouble.calls(hybrid.tenantId(), RequestMethod.POST, "/v1.0/users")).isEmpty();
        // and the tenant that is not synced from on-premises is not affected
        assertThat(account(owner, accountId).get("tenants").get(0).get("directoryIntegration").asBoolean()).isFalse();
    }

    @Test
    @Order(10)
    void aTenantThatStartsSyncingFromOnPremisesIsRefreshedAndThenRefusesNewUsers() {
        DirectoryReconciliation reconciliation = service.bean(DirectoryReconciliation.class);
        Map<String, Object> hedy = Map.of("firstName", "Hedy", "lastName", "Lamarr", "username", "hedy@contoso.com",
                "access", Map.of("roles", List.of("DEVELOPER")));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/organization"))).willReturn(okJson(
                "{\"value\":[{\"id\":\"" + tenant + "\",\"onPremisesSyncEnabled\":true}]}")));

        // the periodic refresh, run until directory sync has learnt of the new account's tenant (from its events)
        JsonNode refreshed = accountWhen(owner, accountId, a -> {
            reconciliation.directoryIntegration();
            return a.get("tenants").get(0).get("directoryIntegration").asBoolean();
        });
        assertThat(refreshed.get("tenants").get(0).get("tenantId").asText()).isEqualTo(tenant);

        Api.Answer refused = api.as(owner).post(usersPath() + "/new", hedy);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/directory-integration");

        // and back
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/organization"))).willReturn(okJson(
                "{\"value\":[{\"id\":\"" + tenant + "\",\"onPremisesSyncEnabled\":false}]}")));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .willReturn(created(userJson(UUID.randomUUID().toString(), "Hedy", "Lamarr", "hedy@contoso.com"))));
        Instant deadline = Instant.now().plusSeconds(20);
        Api.Answer accepted;
        do {
            // the refresh compares with what directory sync last recorded, which it learns from the events
            reconciliation.directoryIntegration();
            accepted = api.as(owner).post(usersPath() + "/new", hedy);
            if (accepted.status() == 409) {
                GraphModeService.pause(100);
            }
        } while (accepted.status() == 409 && Instant.now().isBefore(deadline));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }

    // Secrets are shown once: nowhere else

    @Test
    @Order(100)
    void temporaryPasswordsAppearInNoEventProjectionOrLogLine(CapturedOutput output) {
        // this test's own pushes: a creation Graph throttles once (a retry gets logged), and a password reset
        String leakId = UUID.randomUUID().toString();
        String scenario = "leak-" + tenant;
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(graphError(503, "serviceNotAvailable", "Service unavailable.")).willSetStateTo("open"));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users"))).inScenario(scenario)
                .whenScenarioStateIs("open")
                .willReturn(created(userJson(leakId, "Lena", "Leak", "lena.leak@contoso.com"))));
        Api.Answer created = createUser("Lena", "Leak", "lena.leak@contoso.com");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        assertThat(service.credentialsOnceReady(owner, created.json().get("credentials").asText()).status())
                .isEqualTo(200);
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(values(userJson(leakId, "Lena", "Leak", "lena.leak@contoso.com"))));
        graph.stubFor(in(tenant, patch(urlPathEqualTo("/v1.0/users/" + leakId))).willReturn(noContent()));
        Api.Answer reset = api.as(owner).post(usersPath() + "/" + memberId + "/password-reset", "");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        assertThat(service.credentialsOnceReady(owner, reset.json().get("credentials").asText()).status())
                .isEqualTo(200);
        // every projection has caught up with everything this service did
        Api.Answer caughtUp = api.as(owner).header("Gatehouse-Min-Position", lastPosition())
                .get("/api/v1/accounts/" + accountId + "/history?memberId=" + memberId);
        assertThat(caughtUp.status()).as(caughtUp.toString()).isEqualTo(200);

        // every password any test of this class had Graph set
        List<String> passwords = TenantGraphDouble.everyPasswordSent();
        assertThat(passwords).as("temporary passwords Graph received").hasSizeGreaterThanOrEqualTo(3);

        List<String> events = service.jdbc.queryForList("SELECT payload_type || ' ' || convert_from(payload, 'UTF8') "
                + "|| ' ' || coalesce(convert_from(meta_data, 'UTF8'), '') FROM domain_event_entry", String.class);
        // personal data is sealed in the event store: the search reads the stored text, not what the keys open
        assertThat(String.join("\n", events)).as("the event store, read back as text")
                .contains("NewUserRequested").contains("\"username\":{\"sealed\":1")
                .doesNotContain("lena.leak@contoso.com");
        List<String> projections = new ArrayList<>();
        for (String schema : List.of("public", "projection_b")) {
            for (String table : List.of("member_view", "history_entry", "invitation_view")) {
                projections.addAll(service.jdbc.queryForList("SELECT t::text FROM " + schema + "." + table + " t",
                        String.class));
            }
        }
        assertThat(String.join("\n", projections)).as("the projections, read back as text")
                .contains("lena.leak@contoso.com");
        String log = output.getAll();
        assertThat(log).as("the captured log").contains("Directory push CREATE_USER for member " + memberId);

        for (String password : passwords) {
            assertThat(events).as("event store").noneMatch(event -> event.contains(password));
            assertThat(projections).as("member_view, history_entry, invitation_view (public and projection_b)")
                    .noneMatch(row -> row.contains(password));
            assertThat(log.contains(password)).as("the log output contains a temporary password").isFalse();
            assertThat(tablesContaining(password)).as("tables holding a temporary password in plain text")
                    .isEmpty();
        }
    }

    // Helpers

    private Api.Answer createUser(String firstName, String lastName, String username) {
        return api.as(owner).post(usersPath() + "/new", Map.of("firstName", firstName, "lastName", lastName,
                "username", username, "access", Map.of("roles", List.of("DEVELOPER"))));
    }

    /** A user Graph created at once, with its first password read: member id, object id, first password. */
    private String[] activeUser(String firstName, String lastName, String username) {
        String userId = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/users")))
                .withRequestBody(matchingJsonPath("$.userPrincipalName", equalTo(username)))
                .willReturn(created(userJson(userId, firstName, lastName, username))));
        Api.Answer created = createUser(firstName, lastName, username);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        service.memberWithStatus(owner, accountId, memberId, "ACTIVE");
        Api.Answer first = service.credentialsOnceReady(owner, created.json().get("credentials").asText());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        return new String[]{memberId, userId, first.json().get("temporaryPassword").asText()};
    }

    private List<Api.Answer> readAtOnce(Person caller, String url, int readers) {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
        try {
            List<java.util.concurrent.Future<Api.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.as(caller).get(url);
                }));
            }
            start.countDown();
            List<Api.Answer> answers = new ArrayList<>();
            for (var future : futures) {
                answers.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private String usersPath() {
        return "/api/v1/accounts/" + accountId + "/users";
    }

    private String members() {
        return "/api/v1/accounts/" + accountId + "/members";
    }

    private JsonNode account(Person reader, String id) {
        Api.Answer answer = api.as(reader).get("/api/v1/accounts/" + id);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode accountWhen(Person reader, String id, java.util.function.Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            Api.Answer answer = api.as(reader).get("/api/v1/accounts/" + id);
            JsonNode account = answer.json();
            if (answer.status() == 200 && condition.test(account)) {
                return account;
            }
            assertThat(Instant.now()).as("account " + account).isBefore(deadline);
            GraphModeService.pause(50);
        }
    }

    private long lastPosition() {
        Long position = service.jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return position == null ? 0 : position;
    }

    private JsonNode invitationsWhen(String query, java.util.function.Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            Api.Answer list = api.as(owner).get("/api/v1/accounts/" + accountId + "/invitations" + query);
            if (list.status() == 200 && condition.test(list.json().get("items"))) {
                return list.json().get("items");
            }
            assertThat(Instant.now()).as("invitations" + query + ": " + list).isBefore(deadline);
            GraphModeService.pause(50);
        }
    }

    private static JsonNode invitation(JsonNode items, String invitationId) {
        return StreamSupport.stream(items.spliterator(), false)
                .filter(item -> invitationId.equals(item.path("invitationId").asText())).findFirst()
                .orElse(TenantGraphDouble.JSON.createObjectNode());
    }

    private static List<JsonNode> entries(JsonNode items, String type) {
        return StreamSupport.stream(items.spliterator(), false).filter(item -> type.equals(item.path("type").asText()))
                .toList();
    }

    private static JsonNode details(JsonNode entry) {
        JsonNode details = entry.path("details");
        return details.isTextual() ? TenantGraphDouble.json(details.asText()) : details;
    }

    private static String decoded(Call call) {
        return URLDecoder.decode(call.url(), StandardCharsets.UTF_8);
    }

    /** Every column of every table of the service's database that holds {@code secret} as plain text. */
    private List<String> tablesContaining(String secret) {
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : service.jdbc.queryForList("SELECT table_schema, table_name, column_name, "
                + "data_type FROM information_schema.columns c WHERE table_schema NOT IN ('pg_catalog', "
                + "'information_schema') AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE "
                + "t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')")) {
            String table = "\"" + column.get("table_schema") + "\".\"" + column.get("table_name") + "\"";
            String name = "\"" + column.get("column_name") + "\"";
            String where = "bytea".equals(column.get("data_type"))
                    ? "position(convert_to(?, 'UTF8') in " + name + ") > 0"
                    : "strpos(" + name + "::text, ?) > 0";
            Long hits = service.jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + where, Long.class,
                    secret);
            if (hits != null && hits > 0) {
                found.add(table + "." + name);
            }
        }
        return found;
    }
}
