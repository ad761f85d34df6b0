package io.gatehouse.directory.graph;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gatehouse.membership.MemberType;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import io.gatehouse.directory.NewUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gatehouse.directory.graph.GraphDirectoryTest.ANN;
import static io.gatehouse.directory.graph.GraphDirectoryTest.APP;
import static io.gatehouse.directory.graph.GraphDirectoryTest.DEVS;
import static io.gatehouse.directory.graph.GraphDirectoryTest.graphError;
import static io.gatehouse.directory.graph.GraphDouble.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How Graph's refusals, throttling, outages and silences reach the saga. */
class GraphDirectoryFailuresTest {

    static final String PASSWORD = "Tmp-Pa55word-never-shown";
    static final NewUser ANN_LEE = new NewUser("Ann", "Lee", "Ann Lee", "ann@contoso.com", "ann", PASSWORD);

    WireMockServer graph = GraphDouble.server();
    GraphDirectory directory;

    @BeforeEach
    void freshDirectory() {
        GraphDouble.reset();
        directory = new GraphDirectory(GraphDouble.properties(0));
    }

    static DirectoryException failure(Executable call) {
        try {
            call.execute();
        } catch (DirectoryException e) {
            return e;
        } catch (Throwable other) {
            throw new AssertionError("expected a DirectoryException", other);
        }
        throw new AssertionError("expected a DirectoryException, the call succeeded");
    }

    @Test
    void aDuplicateUserPrincipalNameIsAConflictWithGraphsMessage() {
        graph.stubFor(post("/v1.0/users").willReturn(graphError(400, "Request_BadRequest",
                "Another object with the same value for property userPrincipalName already exists.")));

        DirectoryException e = failure(() -> directory.createUser(TENANT, ANN_LEE));

        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.code()).isEqualTo("Request_BadRequest");
        assertThat(e.getMessage())
                .isEqualTo("Another object with the same value for property userPrincipalName already exists.");
    }

    @Test
    void aDuplicateIdentifierUriIsAConflict() {
        graph.stubFor(post("/v1.0/applications").willReturn(graphError(400, "Request_BadRequest",
                "Another object with the same value for property identifierUris already exists.")));

        DirectoryException e = failure(() -> directory.createApplication(TENANT, "App", "https://a/signin", "api://a",
                null));

        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.getMessage()).contains("identifierUris");
    }

    @Test
    void aDuplicateMailNicknameIsAConflict() {
        graph.stubFor(post("/v1.0/groups").willReturn(graphError(400, "Request_BadRequest",
                "Another object with the same value for property mailNickname already exists.")));

        DirectoryException e = failure(() -> directory.createGroup(TENANT, "Developers", "developers"));

        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.getMessage()).contains("mailNickname");
    }

    @Test
    void aMissingObjectIsNotFound() {
        graph.stubFor(patch(urlEqualTo("/v1.0/groups/" + DEVS)).willReturn(graphError(404, "Request_ResourceNotFound",
                "Resource '" + DEVS + "' does not exist or one of its queried reference-property objects are not present.")));

        DirectoryException e = failure(() -> directory.renameGroup(TENANT, DEVS, "Developers"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.code()).isEqualTo("Request_ResourceNotFound");
        assertThat(e.getMessage()).startsWith("Resource '" + DEVS + "' does not exist");
    }

    @Test
    void missingRightsAreForbidden() {
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + ANN)).willReturn(graphError(403,
                "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")));

        DirectoryException e = failure(() -> directory.resetPassword(TENANT, ANN, PASSWORD));

        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(e.code()).isEqualTo("Authorization_RequestDenied");
        assertThat(e.getMessage()).isEqualTo("Insufficient privileges to complete the operation.");
    }

    @Test
    void anyOtherRefusalIsRejected() {
        graph.stubFor(post("/v1.0/groups").willReturn(graphError(400, "Request_BadRequest",
                "Invalid value specified for property 'mailNickname' of resource 'Group'.")));

        assertThat(failure(() -> directory.createGroup(TENANT, "Developers", "dev elopers")).reason())
                .isEqualTo(Reason.REJECTED);
    }

    @Test
    void throttlingIsReportedWithRetryAfterAndNotSleptOn() {
        graph.stubFor(post("/v1.0/invitations").willReturn(graphError(429, "TooManyRequests",
                "Too many requests.").withHeader("Retry-After", "37")));

        long started = System.nanoTime();
        DirectoryException e = failure(() -> directory.invite(TENANT, "guest@fabrikam.com", "https://partner.microsoft.com/"));

        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(e.reason().isTransient()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(37));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/invitations")));
    }

    @Test
    void anOutageIsUnavailableAndNotRetriedByTheSdk() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(graphError(503, "serviceNotAvailable",
                "The service is temporarily unavailable.")));

        DirectoryException e = failure(() -> directory.search(TENANT, MemberType.USER, "ann", 10));

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("The service is temporarily unavailable.");
        graph.verify(1, getRequestedFor(urlPathEqualTo("/v1.0/users")));
    }

    @Test
    void aServerErrorWithoutAnODataBodyIsUnavailableAndSaysOnlyTheStatus() {
        graph.stubFor(post("/v1.0/users").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html>Bad gateway</html>")));

        DirectoryException e = failure(() -> directory.createUser(TENANT, ANN_LEE));

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("Microsoft Graph answered 502.");
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsUnavailable() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization")).willReturn(okJson("{\"value\":[]}")
                .withFixedDelay((int) GraphDouble.READ_TIMEOUT.toMillis() + 3000)));

        long started = System.nanoTime();
        DirectoryException e = failure(() -> directory.directoryIntegration(TENANT));

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("No complete answer from Microsoft Graph: ");
        // gave up before the answer came
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(GraphDouble.READ_TIMEOUT.plusMillis(2500));
    }

    @Test
    void theSdkRetriesAsOftenAsConfigured() {
        GraphDirectory retrying = new GraphDirectory(GraphDouble.properties(1));
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization")).inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("over")
                .willReturn(graphError(503, "serviceNotAvailable", "Unavailable.").withHeader("Retry-After", "1")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization")).inScenario("outage").whenScenarioStateIs("over")
                .willReturn(okJson("{\"value\":[{\"id\":\"o\",\"onPremisesSyncEnabled\":true}]}")));

        assertThat(retrying.directoryIntegration(TENANT)).isTrue();
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/organization")));
    }

    @Test
    void aTokenEndpointThatRefusesTheAppIsForbiddenWithoutTheSecret() {
        graph.stubFor(GraphDouble.tokenEndpoint().willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret "
                        + "provided.\",\"error_codes\":[7000215]}")));

        DirectoryException e = failure(() -> directory.directoryIntegration(TENANT));

        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(e.getMessage()).contains("AADSTS7000215");
        assertThat(stackTrace(e)).doesNotContain(GraphDouble.CLIENT_SECRET);
        graph.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/organization")));
    }

    @Test
    void aTokenEndpointOutageIsUnavailable() {
        graph.stubFor(GraphDouble.tokenEndpoint().willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS50196: try later.\"}")));

        assertThat(failure(() -> directory.directoryIntegration(TENANT)).reason()).isEqualTo(Reason.UNAVAILABLE);
    }

    @Test
    void theTemporaryPasswordIsInNoFailure() {
        graph.stubFor(post("/v1.0/users").willReturn(graphError(400, "Request_BadRequest",
                "The specified password does not comply with password complexity requirements.")));
        graph.stubFor(patch(urlEqualTo("/v1.0/users/" + ANN)).willReturn(okJson("{}")
                .withFixedDelay((int) GraphDouble.READ_TIMEOUT.toMillis() + 500)));

        DirectoryException refused = failure(() -> directory.createUser(TENANT, ANN_LEE));
        DirectoryException timedOut = failure(() -> directory.resetPassword(TENANT, ANN, PASSWORD));

        assertThat(refused.reason()).isEqualTo(Reason.REJECTED);
        assertThat(timedOut.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(stackTrace(refused)).doesNotContain(PASSWORD);
        assertThat(stackTrace(timedOut)).doesNotContain(PASSWORD);
    }

    @Test
    void theKeysSecretTextIsInNoFailure() {
        // Graph made the key but the answer is cut short: whatever fails must not repeat what it read
        graph.stubFor(post("/v1.0/applications/" + APP + "/addPassword").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"keyId\":\"not-a-guid\",\"secretText\":\"Abc8Q~secret-never-shown\",\"hint\":")));

        DirectoryException e = failure(() -> directory.addKey(TENANT, APP, "Partner Center", Instant.now()));

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(stackTrace(e)).doesNotContain("secret-never-shown");
    }

    /** The exception as a log would show it: messages of the whole cause chain. */
    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
