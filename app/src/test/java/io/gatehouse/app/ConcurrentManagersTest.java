package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several Managers at work at once. */
class ConcurrentManagersTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void aDirectoryObjectBecomesAMemberAtMostOnceEvenWhenAddedConcurrently() throws Exception {
        String accountId = createAccount(owner);
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        List<Callable<Api.Answer>> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            adds.add(() -> api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                    Map.of("directoryObjectIds", List.of(ada), "access", roles("DEVELOPER"))));
        }

        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Api.Answer> answer : pool.invokeAll(adds)) {
                statuses.add(answer.get().status());
                if (answer.get().status() == 201) lastPosition = answer.get().position();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsOnlyOnce(201);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void changesToDifferentMembersDoNotWaitForEachOther() throws Exception {
        String accountId = createAccount(owner);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 16; i++) objects.add(directoryUser(owner, accountId, "User " + i));
        List<String> memberIds = add(owner, accountId, "users", roles("DEVELOPER"), objects.toArray(String[]::new));

        List<Callable<Api.Answer>> changes = new ArrayList<>();
        for (String memberId : memberIds) {
            changes.add(() -> api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                    roles("MARKETER")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Api.Answer> answer : pool.invokeAll(changes)) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
                lastPosition = Math.max(lastPosition, answer.get().position());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(usersList(owner, accountId, "?size=100").get("items").findValues("access"))
                .allSatisfy(access -> assertThat(access.get("roles").get(0).asText()).isEqualTo("MARKETER"));
    }
}
