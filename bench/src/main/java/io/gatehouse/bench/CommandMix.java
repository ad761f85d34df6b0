package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of the command mix: every other operation adds one existing directory user as a member
 * ({@code POST .../users}, one {@code UserAdded} event) and the others change the access of one of the members
 * this client added ({@code PUT .../members/{id}/access}, DEVELOPER and MARKETER in turn: one
 * {@code RoleChanged} event). Each client works on its own members, so clients never contend for a member.
 */
final class CommandMix implements LoadRunner.Client {

    static final int ADD = 1;
    static final int CHANGE_ACCESS = 2;

    private final BenchContext ctx;
    private final String accountId;
    private final Queue<BenchContext.DirectoryUser> pool;
    private final AtomicLong maxPosition;
    private final AtomicBoolean stop;
    private final Random random;
    private final List<String> memberIds = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private long n;

    CommandMix(BenchContext ctx, String accountId, Queue<BenchContext.DirectoryUser> pool, AtomicLong maxPosition,
               AtomicBoolean stop, long seed) {
        this.ctx = ctx;
        this.accountId = accountId;
        this.pool = pool;
        this.maxPosition = maxPosition;
        this.stop = stop;
        this.random = new Random(seed);
    }

    @Override
    public int next() {
        if (stop != null && stop.get()) {
            return LoadRunner.DONE;
        }
        n++;
        if (memberIds.isEmpty() || n % 2 == 1) {
            BenchContext.DirectoryUser user = pool.poll();
            if (user == null) {
                return LoadRunner.DONE;
            }
            Http.Response r = ctx.addMembers(ctx.ownerToken, accountId, List.of(user), "DEVELOPER").expect(201);
            JsonNode member = r.json().get("members").get(0);
            memberIds.add(member.get("memberId").asText());
            roles.add("DEVELOPER");
            position(r);
            return ADD;
        }
        int i = random.nextInt(memberIds.size());
        String role = roles.get(i).equals("DEVELOPER") ? "MARKETER" : "DEVELOPER";
        Http.Response r = ctx.http.put("/api/v1/accounts/" + accountId + "/members/" + memberIds.get(i) + "/access",
                ctx.ownerToken, Map.of("roles", List.of(role))).expect(200);
        roles.set(i, role);
        position(r);
        return CHANGE_ACCESS;
    }

    private void position(Http.Response r) {
        r.position().ifPresent(p -> maxPosition.accumulateAndGet(p, Math::max));
    }
}
