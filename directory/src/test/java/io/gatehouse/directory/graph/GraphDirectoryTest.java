package io.gatehouse.directory.graph;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.gatehouse.membership.MemberType;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.ApplicationDetails;
import io.gatehouse.directory.ApplicationKey;
import io.gatehouse.directory.DirectoryChange;
import io.gatehouse.directory.DirectoryDelta;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.Invitation;
import io.gatehouse.directory.NewUser;
import io.gatehouse.directory.UserChanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.gatehouse.directory.graph.GraphDouble.ACCESS_TOKEN;
import static io.gatehouse.directory.graph.GraphDouble.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What GraphDirectory asks Graph, through the real SDK, and what it makes of the answers. */
class GraphDirectoryTest {

    static final String ANN = "a0000000-0000-0000-0000-000000000001";
    static final String BOB = "b0000000-0000-0000-0000-000000000002";
    static final String DEVS = "d0000000-0000-0000-0000-000000000003";
    static final String APP = "e0000000-0000-0000-0000-000000000004";
    static final String APP_ID = "f0000000-0000-0000-0000-000000000005";
    static final String KEY = "c0000000-0000-0000-0000-000000000006";

    static final String ANN_JSON = "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + ANN + "\","
            + "\"displayName\":\"Ann Lee\",\"givenName\":\"Ann\",\"surname\":\"Lee\","
            + "\"userPrincipalName\":\"ann@contoso.com\",\"mail\":\"ann@contoso.com\"}";
    static final String DEVS_JSON = "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"" + DEVS + "\","
            + "\"displayName\":\"Developers\"}";
    static final String APP_JSON = "{\"@odata.type\":\"#microsoft.graph.application\",\"id\":\"" + APP + "\","
            + "\"appId\":\"" + APP_ID + "\",\"displayName\":\"Store publisher\","
            + "\"web\":{\"redirectUris\":[\"https://publisher.contoso.com/signin\"]},"
            + "\"identifierUris\":[\"api://publisher.contoso.com\"]}";

    WireMockServer graph = GraphDouble.server();
    GraphDirectory directory;

    @BeforeEach
    void freshDirectory() {
        GraphDouble.reset();
        directory = new GraphDirectory(GraphDouble.properties(0));
    }

    static ResponseDefinitionBuilder values(String... objects) {
        return okJson("{\"value\":[" + String.join(",", objects) + "]}");
    }

    static ResponseDefinitionBuilder noContent() {
        return aResponse().withStatus(204);
    }

    static ResponseDefinitionBuilder created(String json) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json);
    }

    static ResponseDefinitionBuilder graphError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":{"
                        + "\"date\":\"2025-11-27T08:00:00\",\"request-id\":\"r-1\",\"client-request-id\":\"c-1\"}}}");
    }

    /** Every Graph request must carry the token the credential got from the token endpoint. */
    void verifyGraph(RequestPatternBuilder request) {
        graph.verify(1, request.withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    // Reads

    @Test
    void findAllAsksGetByIdsForOneTypeAndLeavesOutMissingIds() {
        graph.stubFor(post("/v1.0/directoryObjects/getByIds").willReturn(values(ANN_JSON)));

        var found = directory.findAll(TENANT, MemberType.USER, List.of(ANN, BOB, "not-an-object-id"));

        assertThat(found).containsOnlyKeys(ANN);
        assertThat(found.get(ANN)).isEqualTo(DirectoryObject.user(ANN, "Ann Lee", "Ann", "Lee", "ann@contoso.com",
                "ann@contoso.com"));
        // the id that is no GUID is not sent: Graph would refuse the whole request for it
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/directoryObjects/getByIds"))
                .withRequestBody(equalToJson("{\"ids\":[\"" + ANN + "\",\"" + BOB + "\"],\"types\":[\"user\"]}")));
    }

    @Test
    void findAllAsksAThousandIdsAtATimeAndNothingForNoIds() {
        graph.stubFor(post("/v1.0/directoryObjects/getByIds").willReturn(values(DEVS_JSON)));
        List<String> ids = IntStream.range(0, 1001).mapToObj(i -> String.format("d0000000-0000-0000-0000-%012d", i))
                .toList();

        assertThat(directory.findAll(TENANT, MemberType.GROUP, ids)).containsOnlyKeys(DEVS);
        assertThat(directory.findAll(TENANT, MemberType.GROUP, List.of())).isEmpty();

        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/directoryObjects/getByIds"))
                .withRequestBody(containing("\"types\":[\"group\"]")));
    }

    @Test
    void searchIsAnAdvancedQueryOnNamesAndForUsersOnSignInNameAndMail() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(values(ANN_JSON)));

        var users = directory.search(TENANT, MemberType.USER, "ann", 25);

        assertThat(users).extracting(DirectoryObject::id, DirectoryObject::userPrincipalName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ANN, "ann@contoso.com"));
        verifyGraph(getRequestedFor(urlPathEqualTo("/v1.0/users"))
                .withHeader("ConsistencyLevel", equalTo("eventual"))
                .withQueryParam("$search",
                        equalTo("\"displayName:ann\" OR \"userPrincipalName:ann\" OR \"mail:ann\""))
                .withQueryParam("$count", equalTo("true"))
                .withQueryParam("$top", equalTo("25")));
    }

    @Test
    void blankSearchListsTheFirstPageOfAtMost999() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(values(DEVS_JSON)));

        assertThat(directory.search(TENANT, MemberType.GROUP, " ", 5000))
                .containsExactly(DirectoryObject.group(DEVS, "Developers"));

        verifyGraph(getRequestedFor(urlPathEqualTo("/v1.0/groups"))
                .withQueryParam("$search", absent())
                .withQueryParam("$top", equalTo("999")));
    }

    @Test
    void searchEscapesQuotesInTheTerm() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications")).willReturn(values(APP_JSON)));

        assertThat(directory.search(TENANT, MemberType.APPLICATION, "say \"hi\"", 10))
                .containsExactly(DirectoryObject.application(APP, "Store publisher", APP_ID));

        verifyGraph(getRequestedFor(urlPathEqualTo("/v1.0/applications"))
                .withHeader("ConsistencyLevel", equalTo("eventual"))
                .withQueryParam("$search", equalTo("\"displayName:say \\\"hi\\\"\"")));
    }

    @Test
    void directoryIntegrationIsTheOrganizationsOnPremisesSync() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization"))
                .willReturn(values("{\"id\":\"" + TENANT + "\",\"onPremisesSyncEnabled\":true}")));
        assertThat(directory.directoryIntegration(TENANT)).isTrue();

        graph.stubFor(get(urlPathEqualTo("/v1.0/organization"))
                .willReturn(values("{\"id\":\"" + TENANT + "\",\"onPremisesSyncEnabled\":null}")));
        assertThat(directory.directoryIntegration(TENANT)).isFalse();
    }

    // Users

    @Test
    void findUserByPrincipalNameFiltersWithTheNameQuoted() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users"))
                .withQueryParam("$filter", equalTo("userPrincipalName eq 'ann@contoso.com'"))
                .willReturn(values(ANN_JSON)));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users"))
                .withQueryParam("$filter", equalTo("userPrincipalName eq 'o''brien@contoso.com'"))
                .willReturn(values()));

        assertThat(directory.findUserByPrincipalName(TENANT, "ann@contoso.com")).map(DirectoryObject::id)
                .contains(ANN);
        assertThat(directory.findUserByPrincipalName(TENANT, "o'brien@contoso.com")).isEmpty();
    }

    @Test
    void createUserPostsAnEnabledUserWhoMustChangeThePassword() {
        graph.stubFor(post("/v1.0/users").willReturn(created(ANN_JSON)));

        DirectoryObject user = directory.createUser(TENANT,
                new NewUser("Ann", "Lee", "Ann Lee", "ann@contoso.com", "ann", "Tmp-Pa55word!"));

        assertThat(user.id()).isEqualTo(ANN);
        assertThat(user.userPrincipalName()).isEqualTo("ann@contoso.com");
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/users")).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.user", "accountEnabled": true, "displayName": "Ann Lee",
                 "givenName": "Ann", "surname": "Lee", "mailNickname": "ann", "userPrincipalName": "ann@contoso.com",
                 "passwordProfile": {"password": "Tmp-Pa55word!", "forceChangePasswordNextSignIn": true}}""")));
    }

    @Test
    void updateUserPatchesOnlyWhatChanges() {
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + ANN)).willReturn(noContent()));

        directory.updateUser(TENANT, ANN, new UserChanges("Anna", null, null, "anna@contoso.com"));

        verifyGraph(patchRequestedFor(urlEqualTo("/v1.0/users/" + ANN)).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.user", "givenName": "Anna", "userPrincipalName": "anna@contoso.com"}
                """)));
    }

    @Test
    void resetPasswordPatchesThePasswordProfile() {
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + ANN)).willReturn(noContent()));

        directory.resetPassword(TENANT, ANN, "New-Pa55word!");

        verifyGraph(patchRequestedFor(urlEqualTo("/v1.0/users/" + ANN)).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.user",
                 "passwordProfile": {"password": "New-Pa55word!", "forceChangePasswordNextSignIn": true}}""")));
    }

    @Test
    void assignGlobalAdministratorAssignsTheRoleAtTheDirectoryScopeOnce() {
        graph.stubFor(post("/v1.0/roleManagement/directory/roleAssignments")
                .willReturn(created("{\"id\":\"ra-1\",\"roleDefinitionId\":\"" + GraphDirectory.GLOBAL_ADMINISTRATOR
                        + "\",\"principalId\":\"" + ANN + "\",\"directoryScopeId\":\"/\"}")));

        directory.assignGlobalAdministrator(TENANT, ANN);

        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/roleManagement/directory/roleAssignments"))
                .withRequestBody(equalToJson("{\"roleDefinitionId\":\"62e90394-69f5-4237-9190-012177145e10\","
                        + "\"principalId\":\"" + ANN + "\",\"directoryScopeId\":\"/\"}")));
    }

    @Test
    void assigningGlobalAdministratorTwiceIsNoError() {
        graph.stubFor(post("/v1.0/roleManagement/directory/roleAssignments").willReturn(graphError(400,
                "Request_BadRequest",
                "A conflicting object with one or more of the specified property values is present in the directory.")));

        directory.assignGlobalAdministrator(TENANT, ANN);
    }

    // Guests

    @Test
    void findGuestByEmailFiltersOnMailAndGuestType() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users"))
                .withQueryParam("$filter", equalTo("mail eq 'guest@fabrikam.com' and userType eq 'Guest'"))
                .willReturn(values("{\"id\":\"" + BOB + "\",\"displayName\":\"guest\",\"mail\":\"guest@fabrikam.com\","
                        + "\"userPrincipalName\":\"guest_fabrikam.com#EXT#@contoso.onmicrosoft.com\"}")));

        assertThat(directory.findGuestByEmail(TENANT, "guest@fabrikam.com")).map(DirectoryObject::id).contains(BOB);
    }

    @Test
    void inviteSendsTheInvitationMessage() {
        graph.stubFor(post("/v1.0/invitations").willReturn(created("{\"id\":\"inv-1\",\"invitedUserEmailAddress\":"
                + "\"guest@fabrikam.com\",\"status\":\"PendingAcceptance\",\"invitedUser\":{\"id\":\"" + BOB + "\"}}")));

        Invitation invitation = directory.invite(TENANT, "guest@fabrikam.com", "https://partner.microsoft.com/");

        assertThat(invitation).isEqualTo(new Invitation(BOB, "PendingAcceptance"));
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/invitations")).withRequestBody(equalToJson("""
                {"invitedUserEmailAddress": "guest@fabrikam.com", "inviteRedirectUrl": "https://partner.microsoft.com/",
                 "sendInvitationMessage": true}""")));
    }

    @Test
    void resendInvitationResetsTheRedemptionOfTheSameGuest() {
        graph.stubFor(post("/v1.0/invitations").willReturn(created("{\"id\":\"inv-2\",\"status\":\"PendingAcceptance\","
                + "\"invitedUser\":{\"id\":\"" + BOB + "\"}}")));

        Invitation invitation = directory.resendInvitation(TENANT, BOB, "guest@fabrikam.com",
                "https://partner.microsoft.com/");

        assertThat(invitation).isEqualTo(new Invitation(BOB, "PendingAcceptance"));
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/invitations")).withRequestBody(equalToJson("""
                {"invitedUserEmailAddress": "guest@fabrikam.com", "inviteRedirectUrl": "https://partner.microsoft.com/",
                 "invitedUser": {"@odata.type": "#microsoft.graph.user", "id": "%s"},
                 "resetRedemption": true, "sendInvitationMessage": true}""".formatted(BOB))));
    }

    @Test
    void externalUserStateSelectsJustThat() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + BOB))
                .willReturn(okJson("{\"id\":\"" + BOB + "\",\"externalUserState\":\"Accepted\"}")));

        assertThat(directory.externalUserState(TENANT, BOB)).isEqualTo("Accepted");
        verifyGraph(getRequestedFor(urlPathEqualTo("/v1.0/users/" + BOB))
                .withQueryParam("$select", equalTo("id,externalUserState")));
    }

    // Groups

    @Test
    void findGroupByMailNicknameFilters() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups"))
                .withQueryParam("$filter", equalTo("mailNickname eq 'developers'")).willReturn(values(DEVS_JSON)));

        assertThat(directory.findGroupByMailNickname(TENANT, "developers"))
                .contains(DirectoryObject.group(DEVS, "Developers"));
    }

    @Test
    void findGroupsByMailNicknameFiltersAndSortsOldestFirst() {
        String older = DEVS_JSON.replace("\"id\":\"" + DEVS, "\"id\":\"" + BOB)
                .replaceFirst("}$", ",\"createdDateTime\":\"2026-01-01T00:00:00Z\"}");
        String newer = DEVS_JSON.replaceFirst("}$", ",\"createdDateTime\":\"2026-01-01T00:00:05Z\"}");
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups"))
                .withQueryParam("$filter", equalTo("mailNickname eq 'developers'"))
                .withQueryParam("$select", equalTo("id,displayName,createdDateTime")).willReturn(values(newer, older)));

        assertThat(directory.findGroupsByMailNickname(TENANT, "developers")).extracting(DirectoryObject::id)
                .containsExactly(BOB, DEVS);
    }

    @Test
    void deleteGroupDeletesTheGroupAndOneGoneAlreadyIsNoError() {
        graph.stubFor(delete(urlEqualTo("/v1.0/groups/" + DEVS)).willReturn(noContent()));
        graph.stubFor(delete(urlEqualTo("/v1.0/groups/" + BOB)).willReturn(graphError(404,
                "Request_ResourceNotFound", "Resource '" + BOB + "' does not exist.")));

        directory.deleteGroup(TENANT, DEVS);
        directory.deleteGroup(TENANT, BOB);

        verifyGraph(deleteRequestedFor(urlEqualTo("/v1.0/groups/" + DEVS)));
    }

    @Test
    void createGroupMakesASecurityGroupThatIsNotMailEnabled() {
        graph.stubFor(post("/v1.0/groups").willReturn(created(DEVS_JSON)));

        assertThat(directory.createGroup(TENANT, "Developers", "developers"))
                .isEqualTo(DirectoryObject.group(DEVS, "Developers"));
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/groups")).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.group", "displayName": "Developers", "mailEnabled": false,
                 "mailNickname": "developers", "securityEnabled": true}""")));
    }

    @Test
    void renameGroupPatchesTheDisplayName() {
        graph.stubFor(patch(urlEqualTo("/v1.0/groups/" + DEVS)).willReturn(noContent()));

        directory.renameGroup(TENANT, DEVS, "Developers (EU)");

        verifyGraph(patchRequestedFor(urlEqualTo("/v1.0/groups/" + DEVS)).withRequestBody(equalToJson(
                "{\"@odata.type\":\"#microsoft.graph.group\",\"displayName\":\"Developers (EU)\"}")));
    }

    @Test
    void addGroupMemberPostsAReferenceUnderTheConfiguredGraph() {
        graph.stubFor(post("/v1.0/groups/" + DEVS + "/members/$ref").willReturn(noContent()));

        directory.addGroupMember(TENANT, DEVS, ANN);

        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/groups/" + DEVS + "/members/$ref")).withRequestBody(
                equalToJson("{\"@odata.id\":\"" + GraphDouble.graphBaseUrl() + "/directoryObjects/" + ANN + "\"}")));
    }

    @Test
    void addingAMemberThatIsAlreadyThereIsNoError() {
        graph.stubFor(post("/v1.0/groups/" + DEVS + "/members/$ref").willReturn(graphError(400, "Request_BadRequest",
                "One or more added object references already exist for the following modified properties: 'members'.")));

        directory.addGroupMember(TENANT, DEVS, ANN);
    }

    @Test
    void addingAMemberToAGroupThatIsGoneIsNotFound() {
        graph.stubFor(post("/v1.0/groups/" + DEVS + "/members/$ref").willReturn(graphError(404,
                "Request_ResourceNotFound", "Resource '" + DEVS + "' does not exist or one of its queried "
                        + "reference-property objects are not present.")));

        assertThatThrownBy(() -> directory.addGroupMember(TENANT, DEVS, ANN)).isInstanceOfSatisfying(
                DirectoryException.class, e -> assertThat(e.reason()).isEqualTo(DirectoryException.Reason.NOT_FOUND));
    }

    @Test
    void removeGroupMemberDeletesTheReferenceNeverTheMember() {
        graph.stubFor(delete("/v1.0/groups/" + DEVS + "/members/" + ANN + "/$ref").willReturn(noContent()));

        directory.removeGroupMember(TENANT, DEVS, ANN);

        verifyGraph(deleteRequestedFor(urlEqualTo("/v1.0/groups/" + DEVS + "/members/" + ANN + "/$ref")));
        graph.verify(0, deleteRequestedFor(urlEqualTo("/v1.0/groups/" + DEVS + "/members/" + ANN)));
        graph.verify(0, deleteRequestedFor(urlMatching("/v1.0/(users|directoryObjects)/.*")));
    }

    @Test
    void removingAMemberThatIsNotThereIsNoError() {
        graph.stubFor(delete("/v1.0/groups/" + DEVS + "/members/" + ANN + "/$ref").willReturn(graphError(404,
                "Request_ResourceNotFound", "Resource '" + ANN + "' does not exist or one of its queried "
                        + "reference-property objects are not present.")));

        directory.removeGroupMember(TENANT, DEVS, ANN);
    }

    @Test
    void groupsOfReadsEveryPageOfDirectMembershipsAndKeepsGroups() {
        String secondPage = GraphDouble.graphBaseUrl() + "/users/" + ANN + "/memberOf?$select=id&$skiptoken=page2";
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + ANN + "/memberOf")).withQueryParam("$skiptoken", absent())
                .willReturn(okJson("{\"@odata.nextLink\":\"" + secondPage + "\",\"value\":[" + DEVS_JSON + ","
                        + "{\"@odata.type\":\"#microsoft.graph.directoryRole\",\"id\":\"role-1\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + ANN + "/memberOf"))
                .withQueryParam("$skiptoken", equalTo("page2"))
                .willReturn(values("{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"g-2\"}")));

        assertThat(directory.groupsOf(TENANT, ANN)).containsExactly(DEVS, "g-2");
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users/" + ANN + "/memberOf"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    // Applications

    @Test
    void findApplicationByIdentifierUriFiltersTheCollection() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications"))
                .withQueryParam("$filter", equalTo("identifierUris/any(uri:uri eq 'api://publisher.contoso.com')"))
                .willReturn(values(APP_JSON)));

        assertThat(directory.findApplicationByIdentifierUri(TENANT, "api://publisher.contoso.com")).contains(
                new Application(APP, APP_ID, "Store publisher", "https://publisher.contoso.com/signin",
                        "api://publisher.contoso.com"));
    }

    @Test
    void applicationsUsingScansEveryPageOfApplicationsWithoutAFilterGraphMayRefuse() {
        // real Graph refuses a filter on redirect URIs in many tenants: any filter here is refused the same way
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications")).atPriority(1)
                .withQueryParam("$filter", matching(".*"))
                .willReturn(graphError(400, "Request_UnsupportedQuery", "Unsupported query.")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications")).atPriority(2)
                .withQueryParam("$skiptoken", equalTo("page-2"))
                .willReturn(values("{\"id\":\"app-3\",\"appId\":\"client-3\",\"displayName\":\"Two URLs\","
                        + "\"web\":{\"redirectUris\":[\"https://first.contoso.com\",\"https://publisher.contoso.com/signin\"]},"
                        + "\"identifierUris\":[]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications")).atPriority(3)
                .withQueryParam("$select", equalTo("id,appId,displayName,web,identifierUris"))
                .withQueryParam("$top", equalTo("999"))
                .willReturn(okJson("{\"@odata.nextLink\":\"" + GraphDouble.graphBaseUrl()
                        + "/applications?$select=id,appId,displayName,web,identifierUris&$top=999&$skiptoken=page-2\","
                        + "\"value\":[" + APP_JSON + ",{\"id\":\"app-2\",\"appId\":\"client-2\",\"displayName\":\"Other\","
                        + "\"identifierUris\":[\"api://other\"]},{\"id\":\"app-9\",\"appId\":\"client-9\","
                        + "\"displayName\":\"Unrelated\",\"web\":{\"redirectUris\":[\"https://else.contoso.com\"]}}]}")));

        List<Application> using = directory.applicationsUsing(TENANT, "https://publisher.contoso.com/signin",
                "api://other");

        assertThat(using).extracting(Application::objectId).containsExactly(APP, "app-2", "app-3");
        assertThat(using.get(1)).isEqualTo(new Application("app-2", "client-2", "Other", null, "api://other"));
        assertThat(using.get(2).replyUrl()).as("the URL it matched, not its first").isEqualTo(
                "https://publisher.contoso.com/signin");
        verifyGraph(getRequestedFor(urlPathEqualTo("/v1.0/applications")).withQueryParam("$skiptoken", equalTo("page-2")));
        assertThat(graph.findAll(getRequestedFor(urlPathEqualTo("/v1.0/applications"))
                .withQueryParam("$filter", matching(".*")))).as("filtered look-ups").isEmpty();
    }

    @Test
    void applicationsUsingFailsAsTheDirectoryFailsNotQuietly() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down.\"}}")));

        assertThatThrownBy(() -> directory.applicationsUsing(TENANT, "https://publisher.contoso.com/signin", null))
                .isInstanceOfSatisfying(DirectoryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DirectoryException.Reason.THROTTLED);
                    assertThat(e.retryAfter()).hasSeconds(7);
                });
    }

    // Delta queries

    static final String USERS_DELTA = "/v1.0/users/(microsoft\\.graph\\.)?delta(\\(\\))?";

    @Test
    void aFullDeltaSyncSelectsWhatTheUsersListShowsAndFollowsEveryPageToTheDeltaLink() {
        graph.stubFor(get(urlPathMatching(USERS_DELTA)).atPriority(5)
                .withQueryParam("$select", equalTo("id,displayName,givenName,surname,userPrincipalName,mail,"
                        + "accountEnabled,externalUserState"))
                .willReturn(okJson("{\"@odata.nextLink\":\"" + GraphDouble.graphBaseUrl()
                        + "/users/delta()?$skiptoken=page-2\",\"value\":[" + ANN_JSON + "]}")));
        graph.stubFor(get(urlPathMatching(USERS_DELTA)).atPriority(4).withQueryParam("$skiptoken", equalTo("page-2"))
                .willReturn(okJson("{\"@odata.deltaLink\":\"" + GraphDouble.graphBaseUrl()
                        + "/users/delta()?$deltatoken=round-2\",\"value\":[{\"id\":\"" + BOB + "\","
                        + "\"displayName\":\"Bob Gone\",\"@removed\":{\"reason\":\"changed\"}}]}")));

        DirectoryDelta delta = directory.delta(TENANT, MemberType.USER, null);

        assertThat(delta.deltaLink()).isEqualTo(GraphDouble.graphBaseUrl() + "/users/delta()?$deltatoken=round-2");
        assertThat(delta.changes()).containsExactly(
                new DirectoryChange(ANN, MemberType.USER, false, "Ann Lee", "Ann", "Lee", "ann@contoso.com", null, null,
                        null, null, null, null),
                new DirectoryChange(BOB, MemberType.USER, true, null, null, null, null, null, null, null, null, null,
                        null));
    }

    @Test
    void aDeltaRoundStartsFromTheStoredLinkAndReadsAnApplicationsUrlsAndKeys() {
        String link = GraphDouble.graphBaseUrl() + "/applications/delta()?$deltatoken=round-7";
        graph.stubFor(get(urlPathMatching("/v1.0/applications/(microsoft\\.graph\\.)?delta(\\(\\))?"))
                .withQueryParam("$deltatoken", equalTo("round-7"))
                .willReturn(okJson("{\"@odata.deltaLink\":\"" + GraphDouble.graphBaseUrl()
                        + "/applications/delta()?$deltatoken=round-8\",\"value\":[" + APP_JSON.replaceFirst("}$",
                        ",\"passwordCredentials\":[{\"keyId\":\"" + KEY + "\",\"hint\":\"Kx1\",\"displayName\":"
                                + "\"made in the portal\",\"startDateTime\":\"2026-01-01T00:00:00Z\","
                                + "\"endDateTime\":\"2027-01-01T00:00:00Z\",\"secretText\":null}]}") + "]}")));

        DirectoryDelta delta = directory.delta(TENANT, MemberType.APPLICATION, link);

        assertThat(delta.deltaLink()).endsWith("$deltatoken=round-8");
        assertThat(delta.changes()).containsExactly(new DirectoryChange(APP, MemberType.APPLICATION, false,
                "Store publisher", null, null, null, null, null, "https://publisher.contoso.com/signin",
                "api://publisher.contoso.com", List.of(new ApplicationKey(KEY, null, "Kx1",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))), null));
    }

    @Test
    void aGroupsDeltaTellsWhoJoinedOrLeftIt() {
        graph.stubFor(get(urlPathMatching("/v1.0/groups/(microsoft\\.graph\\.)?delta(\\(\\))?"))
                .withQueryParam("$select", equalTo("id,displayName,members"))
                .willReturn(okJson("{\"@odata.deltaLink\":\"" + GraphDouble.graphBaseUrl()
                        + "/groups/delta()?$deltatoken=g-2\",\"value\":[{\"@odata.type\":\"#microsoft.graph.group\","
                        + "\"id\":\"" + DEVS + "\",\"displayName\":\"Developers\",\"members@delta\":["
                        + "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + ANN + "\"},"
                        + "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + BOB + "\",\"@removed\":"
                        + "{\"reason\":\"deleted\"}}]}]}")));

        DirectoryDelta delta = directory.delta(TENANT, MemberType.GROUP, null);

        assertThat(delta.changes()).containsExactly(new DirectoryChange(DEVS, MemberType.GROUP, false, "Developers",
                null, null, null, null, null, null, null, null, List.of(ANN, BOB)));
    }

    @Test
    void anExpiredDeltaLinkIsTold410AndThrottlingCarriesRetryAfter() {
        graph.stubFor(get(urlPathMatching(USERS_DELTA)).withQueryParam("$deltatoken", equalTo("old"))
                .willReturn(graphError(410, "SyncStateNotFound", "The sync state is no longer valid.")));
        graph.stubFor(get(urlPathMatching(USERS_DELTA)).withQueryParam("$deltatoken", equalTo("busy"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "9")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down.\"}}")));

        assertThatThrownBy(() -> directory.delta(TENANT, MemberType.USER,
                GraphDouble.graphBaseUrl() + "/users/delta()?$deltatoken=old"))
                .isInstanceOfSatisfying(DirectoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(DirectoryException.Reason.EXPIRED));
        assertThatThrownBy(() -> directory.delta(TENANT, MemberType.USER,
                GraphDouble.graphBaseUrl() + "/users/delta()?$deltatoken=busy"))
                .isInstanceOfSatisfying(DirectoryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DirectoryException.Reason.THROTTLED);
                    assertThat(e.retryAfter()).hasSeconds(9);
                });
    }

    @Test
    void anApplicationIsReadWithItsUrlsAndEveryKeyWithoutSecrets() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications/" + APP))
                .withQueryParam("$select", equalTo("id,appId,displayName,web,identifierUris,passwordCredentials"))
                .willReturn(okJson(APP_JSON.replaceFirst("}$", ",\"passwordCredentials\":[{\"keyId\":\"" + KEY
                        + "\",\"hint\":\"Kx1\",\"startDateTime\":\"2026-01-01T00:00:00Z\","
                        + "\"endDateTime\":\"2027-01-01T00:00:00Z\"}]}"))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications/" + ANN)).willReturn(graphError(404,
                "Request_ResourceNotFound", "Resource does not exist.")));

        assertThat(directory.application(TENANT, APP)).contains(new ApplicationDetails(new Application(APP, APP_ID,
                "Store publisher", "https://publisher.contoso.com/signin", "api://publisher.contoso.com"),
                List.of(new ApplicationKey(KEY, null, "Kx1", Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2027-01-01T00:00:00Z")))));
        assertThat(directory.application(TENANT, ANN)).isEmpty();
    }

    @Test
    void createApplicationPostsReplyUrlAndAppIdUriAndTheRequestsTag() {
        graph.stubFor(post("/v1.0/applications").willReturn(created(APP_JSON)));

        Application application = directory.createApplication(TENANT, "Store publisher",
                "https://publisher.contoso.com/signin", "api://publisher.contoso.com", "gatehouse-member:m-1");

        assertThat(application).isEqualTo(new Application(APP, APP_ID, "Store publisher",
                "https://publisher.contoso.com/signin", "api://publisher.contoso.com"));
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/applications")).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.application", "displayName": "Store publisher",
                 "web": {"redirectUris": ["https://publisher.contoso.com/signin"]},
                 "identifierUris": ["api://publisher.contoso.com"], "tags": ["gatehouse-member:m-1"]}""")));
    }

    @Test
    void findApplicationsByTagFiltersOnTagsOldestFirst() {
        String newer = APP_JSON.replace("\"id\":\"" + APP, "\"id\":\"" + ANN)
                .replaceFirst("}$", ",\"createdDateTime\":\"2026-01-02T00:00:00Z\"}");
        String older = APP_JSON.replaceFirst("}$", ",\"createdDateTime\":\"2026-01-01T00:00:00Z\"}");
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications"))
                .withQueryParam("$filter", equalTo("tags/any(t:t eq 'gatehouse-member:m-1')"))
                .willReturn(values(newer, older)));

        assertThat(directory.findApplicationsByTag(TENANT, "gatehouse-member:m-1")).extracting(Application::objectId)
                .containsExactly(APP, ANN);
    }

    @Test
    void deleteApplicationDeletesItAndOneGoneAlreadyIsNoError() {
        graph.stubFor(delete(urlEqualTo("/v1.0/applications/" + APP)).willReturn(noContent()));
        graph.stubFor(delete(urlEqualTo("/v1.0/applications/" + ANN)).willReturn(graphError(404,
                "Request_ResourceNotFound", "Resource '" + ANN + "' does not exist.")));

        directory.deleteApplication(TENANT, APP);
        directory.deleteApplication(TENANT, ANN);

        verifyGraph(deleteRequestedFor(urlEqualTo("/v1.0/applications/" + APP)));
    }

    @Test
    void findKeysByDisplayNameReadsThePasswordCredentialsWithoutSecrets() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/applications/" + APP))
                .withQueryParam("$select", equalTo("id,passwordCredentials"))
                .willReturn(okJson("{\"id\":\"" + APP + "\",\"passwordCredentials\":["
                        + "{\"keyId\":\"" + KEY + "\",\"displayName\":\"Partner Center r-1\",\"hint\":\"Kx1\","
                        + "\"secretText\":null,\"startDateTime\":\"2026-01-01T00:00:00Z\","
                        + "\"endDateTime\":\"2028-01-01T00:00:00Z\"},"
                        + "{\"keyId\":\"" + ANN + "\",\"displayName\":\"made elsewhere\",\"hint\":\"abc\"}]}")));

        assertThat(directory.findKeysByDisplayName(TENANT, APP, "Partner Center r-1")).containsExactly(
                new ApplicationKey(KEY, null, "Kx1", Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2028-01-01T00:00:00Z")));
    }

    @Test
    void updateApplicationPatchesWhatIsGiven() {
        graph.stubFor(patch(urlEqualTo("/v1.0/applications/" + APP)).willReturn(noContent()));

        directory.updateApplication(TENANT, APP, null, "api://publisher2.contoso.com");
        directory.updateApplication(TENANT, APP, "https://publisher2.contoso.com/signin", null);

        verifyGraph(patchRequestedFor(urlEqualTo("/v1.0/applications/" + APP)).withRequestBody(equalToJson(
                "{\"@odata.type\":\"#microsoft.graph.application\",\"identifierUris\":[\"api://publisher2.contoso.com\"]}")));
        verifyGraph(patchRequestedFor(urlEqualTo("/v1.0/applications/" + APP)).withRequestBody(equalToJson(
                "{\"@odata.type\":\"#microsoft.graph.application\","
                        + "\"web\":{\"redirectUris\":[\"https://publisher2.contoso.com/signin\"]}}")));
    }

    @Test
    void ensureServicePrincipalPostsTheAppIdAndAcceptsOneThatExists() {
        graph.stubFor(post("/v1.0/servicePrincipals").willReturn(created("{\"id\":\"sp-1\",\"appId\":\"" + APP_ID + "\"}")));
        directory.ensureServicePrincipal(TENANT, APP_ID);
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/servicePrincipals")).withRequestBody(equalToJson(
                "{\"@odata.type\":\"#microsoft.graph.servicePrincipal\",\"appId\":\"" + APP_ID + "\"}")));

        graph.stubFor(post("/v1.0/servicePrincipals").willReturn(graphError(400, "Request_MultipleObjectsWithSameKeyValue",
                "Another object with the same value for property servicePrincipalNames already exists.")));
        directory.ensureServicePrincipal(TENANT, APP_ID);
    }

    @Test
    void addKeyAddsAPasswordAndHandsBackItsSecretOnce() {
        graph.stubFor(post("/v1.0/applications/" + APP + "/addPassword").willReturn(okJson("""
                {"keyId": "%s", "secretText": "Abc8Q~generated-secret", "hint": "Abc", "displayName": "Partner Center",
                 "startDateTime": "2025-11-27T08:00:00Z", "endDateTime": "2027-11-27T08:00:00Z"}""".formatted(KEY))));

        ApplicationKey key = directory.addKey(TENANT, APP, "Partner Center", Instant.parse("2027-11-27T08:00:00Z"));

        assertThat(key).isEqualTo(new ApplicationKey(KEY, "Abc8Q~generated-secret", "Abc",
                Instant.parse("2025-11-27T08:00:00Z"), Instant.parse("2027-11-27T08:00:00Z")));
        assertThat(key.toString()).doesNotContain("generated-secret");
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/applications/" + APP + "/addPassword")).withRequestBody(
                equalToJson("{\"passwordCredential\":{\"displayName\":\"Partner Center\","
                        + "\"endDateTime\":\"2027-11-27T08:00:00Z\"}}")));
    }

    @Test
    void addKeyWithoutExpiryLeavesGraphsDefault() {
        graph.stubFor(post("/v1.0/applications/" + APP + "/addPassword").willReturn(okJson(
                "{\"keyId\":\"" + KEY + "\",\"secretText\":\"s\",\"hint\":\"s\",\"endDateTime\":\"2027-11-27T08:00:00Z\"}")));

        assertThat(directory.addKey(TENANT, APP, "Partner Center", null).expiresAt())
                .isEqualTo(Instant.parse("2027-11-27T08:00:00Z"));
        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/applications/" + APP + "/addPassword")).withRequestBody(
                equalToJson("{\"passwordCredential\":{\"displayName\":\"Partner Center\"}}")));
    }

    @Test
    void removeKeyRemovesThePasswordByKeyId() {
        graph.stubFor(post("/v1.0/applications/" + APP + "/removePassword").willReturn(noContent()));

        directory.removeKey(TENANT, APP, KEY);

        verifyGraph(postRequestedFor(urlEqualTo("/v1.0/applications/" + APP + "/removePassword"))
                .withRequestBody(equalToJson("{\"keyId\":\"" + KEY + "\"}")));
    }

    @Test
    void aKeyIdThatIsNoGuidIsNotFoundWithoutAskingGraph() {
        assertThatThrownBy(() -> directory.removeKey(TENANT, APP, "nope")).isInstanceOfSatisfying(
                DirectoryException.class, e -> assertThat(e.reason()).isEqualTo(DirectoryException.Reason.NOT_FOUND));
        graph.verify(0, anyRequestedFor(urlPathMatching("/v1.0/.*")));
    }

    // Credentials

    @Test
    void eachTenantGetsItsOwnClientCredentialsTokenForTheConfiguredGraph() {
        String other = "99999999-8888-7777-6666-555555555555";
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization")).willReturn(values("{\"id\":\"x\"}")));

        directory.directoryIntegration(TENANT);
        directory.directoryIntegration(other);

        for (String tenant : List.of(TENANT, other)) {
            graph.verify(postRequestedFor(urlEqualTo("/" + tenant + "/oauth2/v2.0/token"))
                    .withRequestBody(containing("grant_type=client_credentials"))
                    .withRequestBody(containing("client_id=" + GraphDouble.CLIENT_ID))
                    .withRequestBody(containing("client_secret=" + GraphDouble.CLIENT_SECRET))
                    // MSAL adds openid, profile and offline_access to the scope, in no fixed order
                    .withRequestBody(matching(".*scope=[^&]*" + Pattern.quote(URLEncoder.encode(
                            "https://localhost:" + graph.httpsPort() + "/.default", StandardCharsets.UTF_8)) + ".*")));
        }
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/organization"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
        assertThat(directory.requestAdapter(TENANT).getBaseUrl()).isEqualTo(GraphDouble.graphBaseUrl());
    }
}
