package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Users list folds a batch of events about many members, some new and some stored, with one read of the
 * stored ones per batch: each member still ends as its own last event left it.
 */
class UsersListBatchesTest extends GatehouseIntegrationTest {

    private static final int MEMBERS = 20;
    private static final int ROUNDS = 3;

    private final Person owner = TestTokens.person("Bianca Batch", TestTokens.newTenant());

    @Test
    void manyMembersAddedAndChangedAtOnceEachShowTheirLastAccess() throws Exception {
        String accountId = createAccount(owner);
        List<String> objectIds = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            objectIds.add(directoryUser(owner, accountId, "Batch Member " + i));
        }
        // one request, one transaction: the members' first events arrive together
        List<String> memberIds = add(owner, accountId, "users", roles("DEVELOPER"), objectIds.toArray(String[]::new));

        // then every member's access changes at once, round after round, so that batches mix stored members
        Map<String, String> last = new HashMap<>();
        long position = 0;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String role = round % 2 == 0 ? "MARKETER" : "DEVELOPER";
                List<CompletableFuture<Api.Answer>> changes = new ArrayList<>();
                for (int i = 0; i < MEMBERS; i++) {
                    String memberId = memberIds.get(i);
                    // every third member keeps the role it had, the others take this round's
                    String given = i % 3 == 0 ? last.getOrDefault(memberId, "DEVELOPER") : role;
                    last.put(memberId, given);
                    changes.add(CompletableFuture.supplyAsync(() -> api.as(owner).put("/api/v1/accounts/" + accountId
                            + "/members/" + memberId + "/access", roles(given)), clients));
                }
                for (CompletableFuture<Api.Answer> change : changes) {
                    Api.Answer answer = change.get();
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                    position = Math.max(position, answer.position());
                }
            }
        } finally {
            clients.shutdown();
        }

        lastPosition = position;
        JsonNode list = usersList(owner, accountId, "?type=user&size=100");
        assertThat(list.get("total").asLong()).isEqualTo(MEMBERS);
        for (JsonNode item : list.get("items")) {
            String memberId = item.get("memberId").asText();
            assertThat(item.get("access").get("roles").toString()).as(memberId)
                    .isEqualTo("[\"" + last.get(memberId) + "\"]");
        }
    }
}
