package io.gatehouse.sync.saga;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordKeyAdded;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.membership.UserRef;
import io.gatehouse.directory.graph.GraphDirectory;
import io.gatehouse.directory.graph.GraphDouble;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gatehouse.membership.DirectoryOperation.CREATE_APPLICATION;
import static io.gatehouse.membership.DirectoryOperation.CREATE_GROUP;
import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.INVITE;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creations over the real Graph SDK against an HTTPS Graph double whose writes are applied but answered after the
 * client's read timeout, or applied only after the retry looked for them ("lands late"). Stateful WireMock
 * scenarios stand for the directory's state; each test ends with exactly one object made by the request.
 */
class DirectorySyncSagaLateWritesOverGraphTest {

    static final String TENANT = GraphDouble.TENANT;
    static final String ACCOUNT = "account-7";
    static final String MEMBER = "4d2c1a9e-0000-4000-8000-000000000042";
    static final Access ACCESS = Access.ofRoles(Role.DEVELOPER);
    static final io.gatehouse.messaging.Actor MANAGER = new io.gatehouse.messaging.Actor("oid-of-maria", "Maria");

    /**
     * The client waits this long for an answer; the double's late answers come well after it. The margin on both
     * sides keeps a busy machine (a slow answer that should have been in time) from turning into a timeout.
     */
    static final Duration READ_TIMEOUT = Duration.ofMillis(1_500);
    static final int LATE_ANSWER_MS = 3_000;
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration WINDOW = Duration.ofMinutes(2);

    static final String FIRST = "a1000000-0000-4000-8000-000000000001";
    static final String SECOND = "a2000000-0000-4000-8000-000000000002";
    static final String APP_ID = "c1000000-0000-4000-8000-000000000003";
    static final String ALICE = "b1000000-0000-4000-8000-000000000004";
    static final String NICKNAME = "releaseteam-4d2c1a9e";
    static final String TAG = "gatehouse-member:" + MEMBER;
    static final String APP_ID_URI = "api://build.contoso.example";
    static final String REPLY_URL = "https://build.contoso.example/signin";
    static final String UPN = "ada.lovelace@contoso.onmicrosoft.com";
    static final String GUEST_EMAIL = "grace@fabrikam.com";
    static final String KEY_REQUEST = "key-request-1";
    static final String KEY_NAME = "Partner Center " + KEY_REQUEST;
    static final String CREDENTIALS = "credentials-1";
    static final String PASSWORD = "Tmp-First-Pa55";
    static final Instant KEY_EXPIRES = Instant.parse("2027-05-27T09:00:00Z");

    WireMockServer graph = GraphDouble.server();
    SagaTestFixture<DirectorySyncSaga> fixture;
    InMemoryOneTimeSecrets secrets;

    @BeforeEach
    void sagaOverTheGraphDouble() throws Exception {
        GraphDouble.reset();
        secrets = new InMemoryOneTimeSecrets();
        secrets.holds(CREDENTIALS, PASSWORD);
        fixture = new SagaTestFixture<>(DirectorySyncSaga.class);
        fixture.registerResource(new DirectoryPushes(new GraphDirectory(GraphDouble.properties(0, READ_TIMEOUT)),
                secrets, "https://partner.microsoft.com/dashboard"));
        fixture.registerResource(new RetryPolicy(FIRST_RETRY, Duration.ofMinutes(5), 4, WINDOW));
    }

    // --- groups: Graph keeps no security group's mailNickname unique ------------------------------------------

    @Test
    void aGroupWhoseCreationWasAnsweredTooLateIsFoundAndNotMadeTwice() throws Exception {
        stub(post("/v1.0/groups"), "group", Scenario.STARTED, "made", created(group(FIRST, "2026-01-01T00:00:00Z"))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(groupsNamed(), "group", Scenario.STARTED, null, values());
        stub(groupsNamed(), "group", "made", null, values(group(FIRST, "2026-01-01T00:00:00Z")));
        graph.stubFor(post("/v1.0/groups/" + FIRST + "/members/$ref").willReturn(aResponse().withStatus(204)));

        fixture.givenAPublished(newGroupRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(CREATE_GROUP, FIRST, null));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/groups")));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/groups/" + FIRST + "/members/$ref")));
    }

    @Test
    void aGroupCreationThatLandsAfterTheRetryLookedIsDeletedAndTheRecordedOneKept() throws Exception {
        // the first POST is applied only after the retry's look-up and POST: then two groups carry the nickname
        stub(post("/v1.0/groups"), "group", Scenario.STARTED, "first in flight", created(group(FIRST, "x"))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(groupsNamed(), "group", Scenario.STARTED, null, values());
        stub(groupsNamed(), "group", "first in flight", null, values());
        stub(post("/v1.0/groups"), "group", "first in flight", "both landed",
                created(group(SECOND, "2026-01-01T00:00:05Z")));
        graph.stubFor(post("/v1.0/groups/" + SECOND + "/members/$ref").willReturn(aResponse().withStatus(204)));
        stub(groupsNamed(), "group", "both landed", null,
                values(group(SECOND, "2026-01-01T00:00:05Z"), group(FIRST, "2026-01-01T00:00:07Z")));
        stub(delete(urlEqualTo("/v1.0/groups/" + FIRST)), "group", "both landed", "one left",
                aResponse().withStatus(204));
        stub(groupsNamed(), "group", "one left", null, values(group(SECOND, "2026-01-01T00:00:05Z")));

        fixture.givenAPublished(newGroupRequested())
                .andThenTimeElapses(FIRST_RETRY)
                .whenTimeElapses(WINDOW)
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlinesWithName(DirectorySyncSaga.RETRY, DirectorySyncSaga.LATE_WRITES)
                .expectNoScheduledDeadlines();

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/groups")));
        graph.verify(1, deleteRequestedFor(urlEqualTo("/v1.0/groups/" + FIRST)));
        graph.verify(0, deleteRequestedFor(urlEqualTo("/v1.0/groups/" + SECOND)));
        assertThat(scenarioState("group")).as("one group left").isEqualTo("one left");
    }

    // --- applications: identifierUris is unique, the tag says whose ----------------------------------------------

    @Test
    void anApplicationWhoseCreationWasAnsweredTooLateIsFoundByItsTagAndNotMadeTwice() throws Exception {
        stub(post("/v1.0/applications"), "app", Scenario.STARTED, "made", created(application(FIRST))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(applicationsTagged(), "app", "made", null, values(application(FIRST)));
        graph.stubFor(post("/v1.0/servicePrincipals").willReturn(created(
                "{\"@odata.type\":\"#microsoft.graph.servicePrincipal\",\"id\":\"" + SECOND + "\",\"appId\":\""
                        + APP_ID + "\"}")));

        fixture.givenAPublished(newApplicationRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(CREATE_APPLICATION, FIRST, APP_ID));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/applications"))
                .withRequestBody(matchingJsonPath("$.tags[0]", equalTo(TAG))));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/servicePrincipals")));
    }

    @Test
    void anIdentifierUrisConflictWithTheRequestsOwnLateApplicationAdoptsIt() throws Exception {
        stub(post("/v1.0/applications"), "app", Scenario.STARTED, "first in flight", created(application(FIRST))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(applicationsTagged(), "app", "first in flight", null, values());
        // the late one landed between the retry's look-up and its POST
        stub(post("/v1.0/applications"), "app", "first in flight", "late one landed", graphError(400,
                "Another object with the same value for property identifierUris already exists."));
        stub(applicationsTagged(), "app", "late one landed", null, values(application(FIRST)));
        graph.stubFor(post("/v1.0/servicePrincipals").willReturn(created(
                "{\"@odata.type\":\"#microsoft.graph.servicePrincipal\",\"id\":\"" + SECOND + "\",\"appId\":\""
                        + APP_ID + "\"}")));

        fixture.givenAPublished(newApplicationRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(CREATE_APPLICATION, FIRST, APP_ID));

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/applications")));
    }

    // --- users: userPrincipalName is unique ---------------------------------------------------------------------

    @Test
    void aUserWhoseCreationWasAnsweredTooLateIsFoundAndGivenThePasswordShown() throws Exception {
        stub(post("/v1.0/users"), "user", Scenario.STARTED, "made", created(user(FIRST))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(usersNamed(), "user", "made", null, values(user(FIRST)));
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + FIRST)).willReturn(aResponse().withStatus(204)));

        fixture.givenAPublished(newUserRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(CREATE_USER, FIRST, null));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/users")));
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/users/" + FIRST))
                .withRequestBody(matchingJsonPath("$.passwordProfile.password", equalTo(PASSWORD))));
        assertThat(secrets.isReady(CREDENTIALS)).isTrue();
    }

    @Test
    void aUserPrincipalNameConflictWithTheRequestsOwnLateUserAdoptsIt() throws Exception {
        stub(post("/v1.0/users"), "user", Scenario.STARTED, "first in flight", created(user(FIRST))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(usersNamed(), "user", "first in flight", null, values());
        stub(post("/v1.0/users"), "user", "first in flight", "late one landed", graphError(400,
                "Another object with the same value for property userPrincipalName already exists."));
        stub(usersNamed(), "user", "late one landed", null, values(user(FIRST)));
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + FIRST)).willReturn(aResponse().withStatus(204)));

        fixture.givenAPublished(newUserRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(CREATE_USER, FIRST, null));

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/users")));
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/users/" + FIRST))
                .withRequestBody(matchingJsonPath("$.passwordProfile.password", equalTo(PASSWORD))));
        assertThat(secrets.isReady(CREDENTIALS)).isTrue();
    }

    // --- invitations: an e-mail cannot be taken back -------------------------------------------------------------

    @Test
    void anInvitationAnsweredTooLateIsLookedForOnlyAfterTheLateWriteWindowAndNotSentTwice() throws Exception {
        stub(post("/v1.0/invitations"), "invite", Scenario.STARTED, "sent", created(
                "{\"id\":\"inv-1\",\"status\":\"PendingAcceptance\",\"invitedUser\":{\"id\":\"" + FIRST + "\"}}")
                .withFixedDelay(LATE_ANSWER_MS));
        stub(guestsNamed(), "invite", Scenario.STARTED, null, values());
        stub(guestsNamed(), "invite", "sent", null, values(guest(FIRST)));

        fixture.givenAPublished(userInvited())
                .andThenTimeElapses(FIRST_RETRY)
                .whenTimeElapses(WINDOW)
                .expectDispatchedCommands(synced(INVITE, FIRST, null));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/invitations")));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users")));
    }

    @Test
    void anInvitationThatLandsSecondsLateIsSeenByTheRetryAfterTheWindowAndNotSentAgain() throws Exception {
        stub(post("/v1.0/invitations"), "invite", Scenario.STARTED, "in flight", created(
                "{\"id\":\"inv-1\",\"status\":\"PendingAcceptance\",\"invitedUser\":{\"id\":\"" + FIRST + "\"}}")
                .withFixedDelay(LATE_ANSWER_MS));
        stub(guestsNamed(), "invite", Scenario.STARTED, null, values());
        stub(guestsNamed(), "invite", "in flight", null, values());
        stub(post("/v1.0/invitations"), "invite", "in flight", "landed", created(
                "{\"id\":\"inv-2\",\"status\":\"PendingAcceptance\",\"invitedUser\":{\"id\":\"" + FIRST + "\"}}"));
        stub(guestsNamed(), "invite", "landed", null, values(guest(FIRST)));

        var firstTryTimedOut = fixture.givenAPublished(userInvited()).andThenTimeElapses(FIRST_RETRY);
        // the first invitation is applied some seconds after its answer was given up on
        graph.setScenarioState("invite", "landed");
        firstTryTimedOut.whenTimeElapses(WINDOW)
                .expectDispatchedCommands(synced(INVITE, FIRST, null));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/invitations")));
    }

    // --- keys: addPassword is not idempotent, and a secret is shown once ----------------------------------------

    @Test
    void aKeyAnsweredTooLateIsRemovedAndAnotherAddedWhoseSecretIsShown() throws Exception {
        stub(addPassword(), "key", Scenario.STARTED, "first added", okJson(key(FIRST, "Kx1", true))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(keysOfApplication(), "key", "first added", null, credentials(key(FIRST, "Kx1", false)));
        stub(removePassword(FIRST), "key", "first added", "none", aResponse().withStatus(204));
        stub(addPassword(), "key", "none", "second added", okJson(key(SECOND, "Kx2", true)));
        stub(keysOfApplication(), "key", "second added", null, credentials(key(SECOND, "Kx2", false)));
        graph.stubFor(post("/v1.0/directoryObjects/getByIds").willReturn(values(application(APP_OBJECT))));

        fixture.givenAPublished(applicationAdded())
                .andThenAPublished(keyRequested())
                .andThenTimeElapses(FIRST_RETRY)
                .whenTimeElapses(WINDOW)
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlinesWithName(DirectorySyncSaga.RETRY, DirectorySyncSaga.LATE_WRITES);

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/applications/" + APP_OBJECT + "/addPassword"))
                .withRequestBody(matchingJsonPath("$.passwordCredential.displayName", equalTo(KEY_NAME))));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/applications/" + APP_OBJECT + "/removePassword")));
        assertThat(secrets.held(KEY_CREDENTIALS)).contains("Kx2~secret-text-2");
        assertThat(scenarioState("key")).as("one password credential left").isEqualTo("second added");
    }

    @Test
    void aKeyThatLandsAfterTheRetryLookedIsRemovedAfterTheWindowAndTheShownOneKept() throws Exception {
        stub(addPassword(), "key", Scenario.STARTED, "first in flight", okJson(key(FIRST, "Kx1", true))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(keysOfApplication(), "key", "first in flight", null, credentials());
        stub(addPassword(), "key", "first in flight", "both landed", okJson(key(SECOND, "Kx2", true)));
        stub(keysOfApplication(), "key", "both landed", null,
                credentials(key(SECOND, "Kx2", false), key(FIRST, "Kx1", false)));
        stub(removePassword(FIRST), "key", "both landed", "shown one left", aResponse().withStatus(204));
        graph.stubFor(post("/v1.0/directoryObjects/getByIds").willReturn(values(application(APP_OBJECT))));

        fixture.givenAPublished(applicationAdded())
                .andThenAPublished(keyRequested())
                .andThenTimeElapses(FIRST_RETRY)
                .whenTimeElapses(WINDOW)
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlinesWithName(DirectorySyncSaga.RETRY, DirectorySyncSaga.LATE_WRITES)
                .expectNoScheduledDeadlines();

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/applications/" + APP_OBJECT + "/removePassword"))
                .withRequestBody(equalToJson("{\"keyId\":\"" + FIRST + "\"}")));
        assertThat(secrets.held(KEY_CREDENTIALS)).contains("Kx2~secret-text-2");
        assertThat(scenarioState("key")).as("one password credential left").isEqualTo("shown one left");
    }

    @Test
    void theKeyRecordedIsTheOneWhoseSecretWasShown() throws Exception {
        stub(addPassword(), "key", Scenario.STARTED, "first in flight", okJson(key(FIRST, "Kx1", true))
                .withFixedDelay(LATE_ANSWER_MS));
        stub(keysOfApplication(), "key", "first in flight", null, credentials());
        stub(addPassword(), "key", "first in flight", "both landed", okJson(key(SECOND, "Kx2", true)));
        graph.stubFor(post("/v1.0/directoryObjects/getByIds").willReturn(values(application(APP_OBJECT))));

        fixture.givenAPublished(applicationAdded())
                .andThenAPublished(keyRequested())
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(new RecordKeyAdded(MEMBER, ACCOUNT, KEY_REQUEST, SECOND, "Kx2",
                        Instant.parse("2026-11-27T09:00:00Z"), KEY_EXPIRES));
    }

    // --- group member references -------------------------------------------------------------------------------

    @Test
    void aMemberReferenceAnsweredTooLateIsAlreadyThereOnTheRetryAndThatIsSuccess() throws Exception {
        stub(post("/v1.0/groups/" + SECOND + "/members/$ref"), "ref", Scenario.STARTED, "added",
                aResponse().withStatus(204).withFixedDelay(LATE_ANSWER_MS));
        stub(post("/v1.0/groups/" + SECOND + "/members/$ref"), "ref", "added", null, graphError(400,
                "One or more added object references already exist for the following modified properties: 'members'."));

        fixture.givenAPublished(new UserAdded(ACCOUNT, MEMBER, TENANT, FIRST, "Alan Turing", "Alan", "Turing",
                        "alan.turing@contoso.onmicrosoft.com", null, ACCESS, MANAGER))
                .andThenAPublished(new UserGroupsChanged(ACCOUNT, MEMBER, List.of(new GroupRef("member-dev", SECOND)),
                        List.of(new GroupRef("member-dev", SECOND)), List.of(), MANAGER))
                .whenTimeElapses(FIRST_RETRY)
                .expectDispatchedCommands(synced(UPDATE_GROUPS, FIRST, null))
                .expectNoScheduledDeadlines();

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/groups/" + SECOND + "/members/$ref")));
    }

    // --- the double ---------------------------------------------------------------------------------------------

    static final String APP_OBJECT = "e1000000-0000-4000-8000-000000000005";
    static final String KEY_CREDENTIALS = "key-credentials-1";

    /** A stub that answers only in {@code state}, and moves the scenario to {@code next} (null: stays). */
    void stub(MappingBuilder request, String scenario, String state, String next, ResponseDefinitionBuilder answer) {
        ScenarioMappingBuilder stub = request.inScenario(scenario).whenScenarioStateIs(state);
        if (next != null) {
            stub = stub.willSetStateTo(next);
        }
        graph.stubFor(stub.willReturn(answer));
    }

    String scenarioState(String scenario) {
        return graph.getAllScenarios().getScenarios().stream().filter(s -> s.getName().equals(scenario)).findFirst().orElseThrow()
                .getState();
    }

    static MappingBuilder groupsNamed() {
        return get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$filter", equalTo("mailNickname eq '" + NICKNAME + "'"));
    }

    static MappingBuilder applicationsTagged() {
        return get(urlPathEqualTo("/v1.0/applications"))
                .withQueryParam("$filter", equalTo("tags/any(t:t eq '" + TAG + "')"));
    }

    static MappingBuilder usersNamed() {
        return get(urlPathEqualTo("/v1.0/users"))
                .withQueryParam("$filter", equalTo("userPrincipalName eq '" + UPN + "'"));
    }

    static MappingBuilder guestsNamed() {
        return get(urlPathEqualTo("/v1.0/users")).withQueryParam("$filter", containing(GUEST_EMAIL));
    }

    static MappingBuilder addPassword() {
        return post(urlEqualTo("/v1.0/applications/" + APP_OBJECT + "/addPassword"));
    }

    static MappingBuilder removePassword(String keyId) {
        return post(urlEqualTo("/v1.0/applications/" + APP_OBJECT + "/removePassword"))
                .withRequestBody(equalToJson("{\"keyId\":\"" + keyId + "\"}"));
    }

    static MappingBuilder keysOfApplication() {
        return get(urlPathEqualTo("/v1.0/applications/" + APP_OBJECT));
    }

    static ResponseDefinitionBuilder created(String json) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json);
    }

    static ResponseDefinitionBuilder values(String... objects) {
        return okJson("{\"value\":[" + String.join(",", objects) + "]}");
    }

    static ResponseDefinitionBuilder credentials(String... keys) {
        return okJson("{\"id\":\"" + APP_OBJECT + "\",\"passwordCredentials\":[" + String.join(",", keys) + "]}");
    }

    static ResponseDefinitionBuilder graphError(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"" + message + "\"}}");
    }

    static String group(String id, String createdDateTime) {
        return "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"" + id + "\",\"displayName\":\"Release team\","
                + "\"createdDateTime\":\"" + (createdDateTime.equals("x") ? "2026-01-01T00:00:07Z" : createdDateTime)
                + "\"}";
    }

    static String application(String id) {
        return "{\"@odata.type\":\"#microsoft.graph.application\",\"id\":\"" + id + "\",\"appId\":\"" + APP_ID
                + "\",\"displayName\":\"Build pipeline\",\"web\":{\"redirectUris\":[\"" + REPLY_URL + "\"]},"
                + "\"identifierUris\":[\"" + APP_ID_URI + "\"],\"tags\":[\"" + TAG + "\"]}";
    }

    static String user(String id) {
        return "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + id + "\",\"displayName\":\"Ada Lovelace\","
                + "\"userPrincipalName\":\"" + UPN + "\"}";
    }

    static String guest(String id) {
        return "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + id + "\",\"displayName\":\"grace\","
                + "\"mail\":\"" + GUEST_EMAIL + "\",\"userPrincipalName\":\"grace_fabrikam.com#EXT#@contoso.com\"}";
    }

    /** A password credential as addPassword answers it ({@code secret}) or as the application lists it. */
    static String key(String keyId, String hint, boolean secret) {
        return "{\"keyId\":\"" + keyId + "\",\"displayName\":\"" + KEY_NAME + "\",\"hint\":\"" + hint + "\","
                + (secret ? "\"secretText\":\"" + hint + "~secret-text-" + hint.substring(2) + "\"," : "")
                + "\"startDateTime\":\"2026-11-27T09:00:00Z\",\"endDateTime\":\"" + KEY_EXPIRES + "\"}";
    }

    // --- events and commands ------------------------------------------------------------------------------------

    static NewGroupRequested newGroupRequested() {
        return new NewGroupRequested(ACCOUNT, MEMBER, TENANT, "Release team", NICKNAME,
                List.of(new UserRef("member-50", ALICE)), ACCESS, MANAGER);
    }

    static NewApplicationRequested newApplicationRequested() {
        return new NewApplicationRequested(ACCOUNT, MEMBER, TENANT, "Build pipeline", REPLY_URL, APP_ID_URI, ACCESS,
                MANAGER);
    }

    static NewUserRequested newUserRequested() {
        return new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace", UPN, false, null,
                List.of(), ACCESS, CREDENTIALS, MANAGER);
    }

    static UserInvited userInvited() {
        return new UserInvited(ACCOUNT, MEMBER, "invitation-5", TENANT, GUEST_EMAIL, ACCESS, MANAGER);
    }

    static ApplicationAdded applicationAdded() {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, APP_OBJECT, "Build pipeline", APP_ID, ACCESS, MANAGER);
    }

    static KeyRequested keyRequested() {
        return new KeyRequested(ACCOUNT, MEMBER, KEY_REQUEST, KEY_CREDENTIALS, KEY_EXPIRES, MANAGER);
    }

    static RecordDirectorySync synced(io.gatehouse.membership.DirectoryOperation operation, String id, String appId) {
        return new RecordDirectorySync(MEMBER, ACCOUNT, operation, id, appId);
    }
}
