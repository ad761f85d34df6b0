package io.gatehouse.app;

import io.gatehouse.platform.eventstore.SkippedEventTokens;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor that handles none of a run of events (the tenant-removal policy and access changes) still moves its
 * stored token past them, so a restart or a takeover starts after them, not at the last event it handled.
 */
class SkippedEventsTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TokenStore tokenStore;

    @Test
    void aProcessorStoresItsTokenPastEventsItSkipped() {
        assertThat(tokenStore).isInstanceOf(SkippedEventTokens.class);
        String accountId = createAccount(owner);
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Skipped Member")).get(0);
        long last = 0;
        for (int i = 0; i < 30; i++) {
            Api.Answer changed = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                    roles(i % 2 == 0 ? "MARKETER" : "DEVELOPER"));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            last = changed.position();
        }

        long position = last;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(storedPosition("tenant-removal")).isGreaterThanOrEqualTo(position));
    }

    /** The global index a processor's stored token stands at. */
    private long storedPosition(String processor) {
        Long index = jdbc.queryForObject("SELECT (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint "
                + "FROM token_entry WHERE processor_name = ? AND segment = 0", Long.class, processor);
        return index == null ? -1 : index;
    }
}
