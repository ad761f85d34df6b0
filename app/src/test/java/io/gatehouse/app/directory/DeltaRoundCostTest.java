package io.gatehouse.app.directory;

import io.gatehouse.directory.testing.TenantGraphDouble;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import io.gatehouse.sync.reconcile.DirectoryRefresh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.gatehouse.directory.testing.TenantGraphDouble.delta;
import static io.gatehouse.directory.testing.TenantGraphDouble.deltaPath;
import static io.gatehouse.directory.testing.TenantGraphDouble.in;
import static io.gatehouse.directory.testing.TenantGraphDouble.userJson;
import static io.gatehouse.directory.testing.TenantGraphDouble.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one delta round costs for a tenant of 10,000 users who are all members of the account: the first (full) sync,
 * a round with no changes, and a round with 100 renamed users. A measurement, not a check: run it on purpose with
 * {@code -Dgatehouse.measure=true}; it prints its numbers.
 */
@EnabledIfSystemProperty(named = "gatehouse.measure", matches = "true")
class DeltaRoundCostTest {

    static final int USERS = 10_000;
    static final int PAGE = 999;
    static final int CHANGES = 100;

    @Test
    void oneDeltaRoundForATenantOfTenThousandUsers() {
        var graph = TenantGraphDouble.server();
        try (GraphModeService service = GraphModeService.start(GraphModeService.freshDatabase(),
                "--gatehouse.directory.refresh-interval=PT1H")) {
            Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
            String tenant = owner.tenantId();
            TenantGraphDouble.tenant(tenant, false);
            String accountId = service.createAccount(owner);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                users.add(UUID.randomUUID().toString());
            }
            long addStart = System.nanoTime();
            for (int from = 0; from < USERS; from += 100) {
                List<String> batch = users.subList(from, from + 100);
                graph.stubFor(in(tenant, post(urlPathEqualTo("/v1.0/directoryObjects/getByIds"))).willReturn(values(
                        batch.stream().map(id -> userJson(id, "User", id.substring(0, 8), id + "@contoso.com"))
                                .toArray(String[]::new))));
                Api.Answer added = service.api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                        Map.of("directoryObjectIds", batch, "access", Map.of("roles", List.of("DEVELOPER"))));
                assertThat(added.status()).as(added.toString()).isEqualTo(201);
            }
            System.out.printf("setup: %d members added in %d ms%n", USERS, (System.nanoTime() - addStart) / 1_000_000);
            GraphModeService.awaitTrue("directory sync knows every member", () -> service.jdbc.queryForObject(
                    "SELECT count(*) FROM sync_member WHERE tenant_id = ?", Integer.class, tenant) == USERS);

            // the first round: a full sync, every user in pages of 999, nothing different from what members know
            for (int page = 0; page * PAGE < USERS; page++) {
                List<String> onPage = users.subList(page * PAGE, Math.min(USERS, (page + 1) * PAGE));
                String objects = String.join(",", onPage.stream().map(id -> userJson(id, "User", id.substring(0, 8),
                        id + "@contoso.com")).toList());
                boolean last = (page + 1) * PAGE >= USERS;
                String link = last ? "\"@odata.deltaLink\":\"" + TenantGraphDouble.graphBaseUrl()
                        + "/users/delta()?$deltatoken=quiet\""
                        : "\"@odata.nextLink\":\"" + TenantGraphDouble.graphBaseUrl() + "/users/delta()?$skiptoken=p"
                        + (page + 1) + "\"";
                graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                        .withQueryParam("$deltatoken", absent())
                        .withQueryParam("$skiptoken", page == 0 ? absent() : equalTo("p" + page))
                        .willReturn(okJson("{" + link + ",\"value\":[" + objects + "]}")));
            }
            DirectoryRefresh refresh = service.bean(DirectoryRefresh.class);
            long fullStart = System.nanoTime();
            int fullSent = refresh.deltaRound(tenant);
            long fullMs = (System.nanoTime() - fullStart) / 1_000_000;

            graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(5)
                    .withQueryParam("$deltatoken", equalTo("quiet")).willReturn(delta("users", "quiet")));
            long[] quiet = new long[5];
            for (int i = 0; i < quiet.length; i++) {
                long start = System.nanoTime();
                assertThat(refresh.deltaRound(tenant)).isZero();
                quiet[i] = (System.nanoTime() - start) / 1_000;
            }
            java.util.Arrays.sort(quiet);

            long eventsBefore = service.jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(4)
                    .withQueryParam("$deltatoken", equalTo("quiet")).willReturn(delta("users", "after-changes",
                            users.subList(0, CHANGES).stream().map(id -> userJson(id, "Renamed", id.substring(0, 8),
                                    id + "@contoso.com")).toArray(String[]::new))));
            graph.stubFor(in(tenant, get(urlPathMatching(deltaPath("users")))).atPriority(4)
                    .withQueryParam("$deltatoken", equalTo("after-changes")).willReturn(delta("users", "after-changes")));
            long changedStart = System.nanoTime();
            int changedSent = refresh.deltaRound(tenant);
            long changedMs = (System.nanoTime() - changedStart) / 1_000_000;
            long events = service.jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)
                    - eventsBefore;

            // the link expired: a full sync again, where only the 100 renamed members differ from what they were told
            service.jdbc.update("DELETE FROM directory_delta_link WHERE tenant_id = ? AND resource = 'users'", tenant);
            long againStart = System.nanoTime();
            int againSent = refresh.deltaRound(tenant);
            long againMs = (System.nanoTime() - againStart) / 1_000_000;

            System.out.printf("full sync again (after a 410): %d ms, %d member commands%n", againMs, againSent);
            System.out.printf("full sync of %d users (%d pages): %d ms, %d member commands%n", USERS,
                    (USERS + PAGE - 1) / PAGE, fullMs, fullSent);
            System.out.printf("round with no changes: median %.1f ms, max %.1f ms (3 Graph calls)%n",
                    quiet[2] / 1000.0, quiet[4] / 1000.0);
            System.out.printf("round with %d changes: %d ms, %d member commands, %d events%n", CHANGES, changedMs,
                    changedSent, events);
            assertThat(fullSent).isEqualTo(USERS);
            assertThat(changedSent).isEqualTo(CHANGES);
            assertThat(events).isEqualTo(CHANGES);
            assertThat(againSent).isEqualTo(CHANGES);
        }
    }
}
