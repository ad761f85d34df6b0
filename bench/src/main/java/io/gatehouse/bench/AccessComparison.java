package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 14: Gatehouse beside its stack. The same request, {@code PUT .../members/{id}/access} flipping
 * DEVELOPER and MARKETER on members of its own (no two clients share one), at 1, 16 and 64 closed-loop clients,
 * against Gatehouse and against the stack baseline ({@code bench/stack-baseline}: the same Spring Boot stack, token
 * validation, one authorization read, one durable insert, nothing else), each after the same warm-up of at least
 * 20 s at 16 clients, with the same load generator, on the same PostgreSQL. The raw append of
 * {@link CommandsScenario} at the same level is the third column. Keys: {@code access.cN} (Gatehouse),
 * {@code stack_baseline.cN}, and {@code access.cN.ratio_stack}, {@code .ratio_raw}, {@code .p50_ratio_stack}.
 */
final class AccessComparison {

    /** The JIT needs this much before the figures mean anything (issue 14). */
    static final int WARM_UP_SECONDS = 20;
    static final int MEMBERS_PER_CLIENT = 4;

    private AccessComparison() {
    }

    static void run(BenchContext ctx, ObjectNode results, Queue<BenchContext.DirectoryUser> pool) throws Exception {
        Options o = ctx.options;
        int maxClients = CommandsScenario.LEVELS[CommandsScenario.LEVELS.length - 1];
        String accountId = ctx.createAccount("Bench access");
        List<String> members = new ArrayList<>();
        List<BenchContext.DirectoryUser> batch = new ArrayList<>();
        while (members.size() < maxClients * MEMBERS_PER_CLIENT) {
            batch.clear();
            for (int i = 0; i < 100 && members.size() + batch.size() < maxClients * MEMBERS_PER_CLIENT; i++) {
                BenchContext.DirectoryUser user = pool.poll();
                if (user == null) throw new IllegalStateException("the directory pool ran out for the access run");
                batch.add(user);
            }
            ctx.addMembers(ctx.ownerToken, accountId, batch, "DEVELOPER").expect(201).json().get("members")
                    .forEach(m -> members.add(m.get("memberId").asText()));
        }
        ObjectNode access = results.putObject("access");
        access.put("what", "PUT /api/v1/accounts/{id}/members/{id}/access, DEVELOPER and MARKETER in turn, "
                + MEMBERS_PER_CLIENT + " members per client; closed loop; after " + WARM_UP_SECONDS
                + " s of warm-up at 16 clients");
        Duration measure = Duration.ofSeconds(o.quick ? 5 : 20);
        long maxOps = o.maxCommandsPerLevel();

        measure(ctx, ctx.http, "gatehouse", accountId, members, access, measure, maxOps);
        if (o.stackUrl == null) {
            ctx.notes.add("no --stack-url: the stack baseline was not measured");
            return;
        }
        ObjectNode stack = results.putObject("stack_baseline");
        stack.put("what", "bench/stack-baseline: the same request on the same stack with only token validation, "
                + "role validation, one authorization read and one durable insert; same load and warm-up");
        measure(ctx, new Http(o.stackUrl), "stack baseline", accountId, members, stack, measure, maxOps);

        for (int clients : CommandsScenario.LEVELS) {
            ObjectNode g = (ObjectNode) access.get("c" + clients);
            ObjectNode s = (ObjectNode) stack.get("c" + clients);
            double raw = results.path("raw_append").path("c" + clients).path("per_s").asDouble(Double.NaN);
            BenchContext.number(g, "ratio_stack", g.path("per_s").asDouble() / s.path("per_s").asDouble());
            BenchContext.number(g, "ratio_raw", g.path("per_s").asDouble() / raw);
            BenchContext.number(g, "p50_ratio_stack", g.path("p50_ms").asDouble() / s.path("p50_ms").asDouble());
            System.out.printf("  access c%-2d gatehouse %8.1f/s p50 %6.2f ms | stack %8.1f/s p50 %6.2f ms | raw %8.1f/s"
                            + " | gatehouse/stack %.2f, gatehouse/raw %.3f%n", clients,
                    g.path("per_s").asDouble(), g.path("p50_ms").asDouble(), s.path("per_s").asDouble(),
                    s.path("p50_ms").asDouble(), raw, g.path("ratio_stack").asDouble(), g.path("ratio_raw").asDouble());
        }
    }

    private static void measure(BenchContext ctx, Http http, String label, String accountId, List<String> members,
                                ObjectNode into, Duration measure, long maxOps) throws Exception {
        Map<String, String> roles = new ConcurrentHashMap<>();
        members.forEach(m -> roles.put(m, "DEVELOPER"));
        System.out.printf("  access: %s, %d s warm-up%n", label, WARM_UP_SECONDS);
        LoadRunner.run(16, Duration.ofSeconds(WARM_UP_SECONDS), 1_000_000,
                i -> flipper(ctx, http, accountId, slice(members, i), roles));
        for (int clients : CommandsScenario.LEVELS) {
            LoadRunner.Result r = LoadRunner.run(clients, measure, maxOps,
                    i -> flipper(ctx, http, accountId, slice(members, i), roles));
            CommandsScenario.put(into.putObject("c" + clients), r);
        }
    }

    private static List<String> slice(List<String> members, int client) {
        return members.subList(client * MEMBERS_PER_CLIENT, (client + 1) * MEMBERS_PER_CLIENT);
    }

    /** One client: flips the roles of its own members in turn. */
    private static LoadRunner.Client flipper(BenchContext ctx, Http http, String accountId, List<String> mine,
                                             Map<String, String> roles) {
        return new LoadRunner.Client() {
            int n;

            @Override
            public int next() {
                String member = mine.get(n++ % mine.size());
                String role = roles.get(member).equals("DEVELOPER") ? "MARKETER" : "DEVELOPER";
                http.put("/api/v1/accounts/" + accountId + "/members/" + member + "/access", ctx.ownerToken,
                        Map.of("roles", List.of(role))).expect(200);
                roles.put(member, role);
                return CommandMix.CHANGE_ACCESS;
            }

            @Override
            public void close() {
            }
        };
    }
}
