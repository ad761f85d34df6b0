package io.gatehouse.app.directory;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.gatehouse.directory.testing.TenantGraphDouble;
import io.gatehouse.platform.testing.Api;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gatehouse.directory.testing.TenantGraphDouble.created;
import static io.gatehouse.directory.testing.TenantGraphDouble.graphError;
import static io.gatehouse.directory.testing.TenantGraphDouble.in;
import static io.gatehouse.directory.testing.TenantGraphDouble.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * New applications against the Graph double as real Graph behaves: it refuses a filter on redirect URIs, it can be
 * throttled or refuse a look-up, and it does not keep Reply URLs unique itself.
 */
class ApplicationsInGraphEndToEndTest extends GraphModeScenario {

    @BeforeAll
    static void start() {
        startService();
    }

    @BeforeEach
    void realGraphFiltersNoApplicationsByRedirectUri() {
        // as real Graph in many tenants: no filtering applications by redirect URI
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(1)
                .withQueryParam("$filter", matching(".*redirectUris.*"))
                .willReturn(graphError(400, "Request_UnsupportedQuery", "Unsupported query.")));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/servicePrincipals")))
                .willReturn(created("{\"id\":\"" + UUID.randomUUID() + "\"}")));
    }

    @Test
    void aReplyUrlTakenInTheDirectoryIsFoundByAPagedScanNotByAFilterGraphRefuses() {
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(5)
                .withQueryParam("$filter", absent()).withQueryParam("$skiptoken", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"@odata.nextLink\":\"" + TenantGraphDouble.graphBaseUrl()
                                + "/applications?$top=999&$skiptoken=2\",\"value\":[" + app("First", "https://first.contoso.com",
                                "api://first") + "]}")));
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(4)
                .withQueryParam("$skiptoken", matching("2"))
                .willReturn(values(app("Store", "https://store.contoso.com/callback", "api://store"))));

        Api.Answer taken = createApplication("https://store.contoso.com/callback", "api://new-one");

        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.json().get("type").asText()).endsWith("/url-taken");
        assertThat(taken.json().get("errors").findValuesAsText("field")).containsExactly("replyUrl");
        assertThat(taken.json().get("errors").get(0).get("message").asText()).contains("Store");
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/applications")).isEmpty();

        String appObject = UUID.randomUUID().toString();
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/applications"))).willReturn(created(
                "{\"id\":\"" + appObject + "\",\"appId\":\"" + UUID.randomUUID() + "\",\"displayName\":\"api://new-one\","
                        + "\"web\":{\"redirectUris\":[\"https://new.contoso.com/callback\"]},"
                        + "\"identifierUris\":[\"api://new-one\"]}")));
        Api.Answer free = createApplication("https://new.contoso.com/callback", "api://new-one");
        assertThat(free.status()).as(free.toString()).isEqualTo(202);
        service.memberWithStatus(owner, accountId, free.json().get("memberId").asText(), "ACTIVE");
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.GET, "/v1.0/applications",
                call -> call.url().contains("filter"))).as("filtered look-ups").isEmpty();
    }

    @Test
    void aDirectoryThatIsThrottledOrRefusesTheLookUpIsA503OrA502AndNothingIsCreated() {
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(5)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests.\"}}")));

        Api.Answer throttled = createApplication("https://store.contoso.com/callback", "api://store");

        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(503);
        assertThat(throttled.contentType()).contains("application/problem+json");
        assertThat(throttled.header("Retry-After")).isEqualTo("12");
        assertThat(throttled.json().get("type").asText()).endsWith("/directory-unavailable");

        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(5)
                .willReturn(graphError(403, "Authorization_RequestDenied", "Insufficient privileges.")));
        Api.Answer refused = createApplication("https://store.contoso.com/callback", "api://store");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
        assertThat(refused.json().get("type").asText()).endsWith("/directory-refused");
        assertThat(refused.json().get("detail").asText()).contains("Authorization_RequestDenied");

        // neither failed request holds the URLs: once the directory answers, they are free
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(5).willReturn(values()));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/applications"))).willReturn(created(
                app("api://store", "https://store.contoso.com/callback", "api://store"))));
        assertThat(createApplication("https://store.contoso.com/callback", "api://store").status()).isEqualTo(202);
        assertThat(service.jdbc.queryForObject("SELECT count(*) FROM member_lookup WHERE account_id = ?",
                Integer.class, accountId)).as("members: one application, none from the refused requests").isEqualTo(1);
    }

    @Test
    void twoConcurrentCreationsWithOneReplyUrlGiveOne202AndOne409() throws Exception {
        // a slow directory: both requests are looking it up at the same time, and neither application is there yet
        graph.stubFor(in(tenant, get(urlPathEqualTo("/v1.0/applications"))).atPriority(5)
                .willReturn(values().withFixedDelay(800)));
        graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/applications"))).willReturn(created(
                app("Either", "https://store.contoso.com/callback", "api://either"))));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Api.Answer>> creations = List.of("api://one", "api://two").stream()
                .map(uri -> CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return createApplication("https://store.contoso.com/callback", uri);
                })).toList();
        start.countDown();
        List<Api.Answer> answers = creations.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Api.Answer::status).as(answers.toString()).containsExactlyInAnyOrder(202, 409);
        Api.Answer refused = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
        assertThat(refused.json().get("type").asText()).endsWith("/url-taken");
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("replyUrl");
        Api.Answer accepted = answers.stream().filter(a -> a.status() == 202).findFirst().orElseThrow();
        service.memberWithStatus(owner, accountId, accepted.json().get("memberId").asText(), "ACTIVE");
        assertThat(TenantGraphDouble.calls(tenant, RequestMethod.POST, "/v1.0/applications")).hasSize(1);
        // pushed: the directory now has the URL, and the reservation is let go
        GraphModeService.awaitTrue("reservation released", () -> service.jdbc.queryForObject(
                "SELECT count(*) FROM application_url_reservation WHERE member_id = ?", Integer.class,
                accepted.json().get("memberId").asText()) == 0);
    }

    private Api.Answer createApplication(String replyUrl, String appIdUri) {
        return api.as(owner).post("/api/v1/accounts/" + accountId + "/applications/new", Map.of("replyUrl", replyUrl,
                "appIdUri", appIdUri, "access", Map.of("roles", List.of("DEVELOPER"))));
    }

    static String app(String displayName, String replyUrl, String appIdUri) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"appId\":\"" + UUID.randomUUID() + "\",\"displayName\":\""
                + displayName + "\",\"web\":{\"redirectUris\":[\"" + replyUrl + "\"]},\"identifierUris\":[\""
                + appIdUri + "\"]}";
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
