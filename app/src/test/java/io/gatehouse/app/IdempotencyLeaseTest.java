package io.gatehouse.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.web.IdempotencyFilter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that runs longer than its key's lease keeps the key: the process renews the lease while it runs, so a
 * client's retry meanwhile is told to wait and the request does not run twice. Only a dead process's claim
 * runs out. The filter runs on the service's own PostgreSQL, with a lease short enough to outlive.
 */
class IdempotencyLeaseTest extends GatehouseIntegrationTest {

    private static final Duration LEASE = Duration.ofMillis(300);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    private MockHttpServletResponse send(IdempotencyFilter filter, String caller, String key, Runnable work)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/accounts");
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContentType("application/json");
        request.setContent("{\"displayName\":\"Slow\"}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(caller, null, "USER"));
        try {
            filter.doFilter(request, response, (req, res) -> {
                work.run();
                ((jakarta.servlet.http.HttpServletResponse) res).setStatus(201);
            });
        } finally {
            SecurityContextHolder.clearContext();
        }
        return response;
    }

    @Test
    void aRequestLongerThanItsLeaseKeepsItsKeyAndARetryMeanwhileDoesNotRunIt() throws Exception {
        IdempotencyFilter filter = new IdempotencyFilter(jdbc, objectMapper, LEASE);
        String caller = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        try {
            CompletableFuture<MockHttpServletResponse> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return send(filter, caller, key, () -> {
                        runs.incrementAndGet();
                        sleep(LEASE.multipliedBy(5));
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sleep(LEASE.multipliedBy(3));

            MockHttpServletResponse retry = send(filter, caller, key, runs::incrementAndGet);

            assertThat(retry.getStatus()).as("a retry while the first request still runs").isEqualTo(409);
            assertThat(slow.get().getStatus()).isEqualTo(201);
            assertThat(runs.get()).as("times the request ran").isEqualTo(1);
        } finally {
            filter.destroy();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
