package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Issue 14: Gatehouse beside its stack. The same request, {@code PUT .../members/{id}/access} flipping
 * DEVELOPER and MARKETER on members of its own (no two clients share one), at 1, 16 and 64 closed-loop clients,
 * against Gatehouse and against the stack baseline ({@code bench/stack-baseline}: the same Spring Boot stack, token
 * validation, one authorization read, one durable insert, nothing else), each after the same warm-up of at least
 * 20 s at 16 clients, with the same load generator, on the same PostgreSQL. The raw append of
 * {@link CommandsScenario} at the same level is the third column. Keys: {@code access.cN} (Gatehouse),
 * {@code stack_baseline.cN}, and {@code access.cN.ratio_stack}, {@code .ratio_raw}, {@code .p50_ratio_stack}.
 * The framework baseline ({@code bench/axon-baseline}: the stack baseline's web part, then Axon's command gateway,
 * an event-sourced aggregate in Axon's JDBC store and one tracking projection) is measured the same way:
 * {@code axon_baseline.cN}, with {@code .ratio_stack} (what Axon itself leaves of the stack) and
 * {@code access.cN.ratio_axon}.
 */
final class AccessComparison {

    /** The JIT needs this much before the figures mean anything (issue 14). */
    static final int WARM_UP_SECONDS = 20;
    /** The warm-up goes on, in slices, while the JIT compiler threads use more than this share of a core. */
    static final double JIT_DONE_SHARE = 0.05;
    static final int WARM_UP_SLICE_SECONDS = 5;
    /**
     * The slices' clients: fewer than the first 16, so that on 2 cores the JIT's own threads get the CPU to finish
     * (at 16 clients a service with much code still compiled its long tail after 90 s, and went on compiling it
     * while measured at 1 client).
     */
    static final int WARM_UP_SLICE_CLIENTS = 4;
    static final int MAX_WARM_UP_SECONDS = 90;
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
                + MEMBERS_PER_CLIENT + " members per client; closed loop; after at least " + WARM_UP_SECONDS
                + " s of warm-up at 16 clients, then on at " + WARM_UP_SLICE_CLIENTS + " clients (up to "
                + o.accessWarmUpMaxSeconds + " s in all) while the JIT compiler threads use more than "
                + Math.round(JIT_DONE_SHARE * 100) + "% of a core (warm_up_s)");
        Duration measure = Duration.ofSeconds(o.quick ? 5 : 20);
        long maxOps = o.maxCommandsPerLevel();
        Long gatehousePid = o.servicePids.size() == 1 ? o.servicePids.get(0) : null;
        Target gatehouse = new Target("gatehouse", ctx.http, gatehousePid, access, () -> catchUp(ctx));
        ObjectNode stack = null;
        Target baseline = null;
        if (o.stackUrl == null) {
            ctx.notes.add("no --stack-url: the stack baseline was not measured");
        } else {
            stack = results.putObject("stack_baseline");
            stack.put("what", "bench/stack-baseline: the same request on the same stack with only token validation, "
                    + "role validation, one authorization read and one durable insert; same load and warm-up");
            baseline = new Target("stack baseline", new Http(o.stackUrl), o.stackPid, stack, null);
        }
        ObjectNode axon = null;
        Target framework = null;
        if (o.axonUrl == null) {
            ctx.notes.add("no --axon-url: the framework baseline was not measured");
        } else {
            axon = results.putObject("axon_baseline");
            axon.put("what", "bench/axon-baseline: the stack baseline's token, role validation and authorization read, "
                    + "then Axon's command gateway, an event-sourced aggregate (Axon's JDBC event store, Jackson, a "
                    + "bounded cache behind Axon's Cache, a snapshot every 200 events) and one tracking projection; "
                    + "answers the ETag, not the position");
            Http http = new Http(o.axonUrl);
            framework = new Target("framework baseline", http, o.axonPid, axon, () -> catchUpAxon(ctx, http));
        }
        access.put("cpu", "jvm_cpu_ms and pg_cpu_ms: CPU time per request of the service's JVM (every thread, "
                + "background work included) and of the PostgreSQL server (postmaster and its children), from /proc; "
                + "jit_cpu_ms: the part of jvm_cpu_ms spent by the JIT compiler threads (still compiling after the "
                + "warm-up when the machine is busy); both include the projections' catch-up after the window");
        access.put("catch_up", "caught_up_ms: after the window, until the Users list and the history have processed "
                + "every event stored in it (polled every 10 ms; the baseline is measured only then, on a quiet "
                + "machine); sustained_per_s = ok / (window + catch-up), the figure ratio_stack uses");
        // each target's own idea of the members' roles: the baseline's writes do not change Gatehouse's members
        Map<String, String> roles = new ConcurrentHashMap<>();
        members.forEach(m -> roles.put(m, "DEVELOPER"));
        Map<String, String> baselineRoles = new ConcurrentHashMap<>(roles);
        Map<String, String> axonRoles = new ConcurrentHashMap<>(roles);
        // the stack baseline has no /actuator/prometheus: Gatehouse's heap is not scraped while they are compared
        ctx.sampler.pauseHeap(true);
        try {
            // a baseline not measured is null: Arrays.asList keeps its place
            compare(ctx, Arrays.asList(gatehouse, baseline, framework), List.of(roles, baselineRoles, axonRoles),
                    accountId, members, measure, maxOps);
        } finally {
            ctx.sampler.pauseHeap(false);
        }
        if (stack == null) return;

        for (int clients : CommandsScenario.LEVELS) {
            ObjectNode g = (ObjectNode) access.get("c" + clients);
            ObjectNode s = (ObjectNode) stack.get("c" + clients);
            double raw = results.path("raw_append").path("c" + clients).path("per_s").asDouble(Double.NaN);
            BenchContext.number(g, "ratio_stack", g.path("sustained_per_s").asDouble() / s.path("per_s").asDouble());
            BenchContext.number(g, "ratio_raw", g.path("sustained_per_s").asDouble() / raw);
            BenchContext.number(g, "p50_ratio_stack", g.path("p50_ms").asDouble() / s.path("p50_ms").asDouble());
            if (axon != null) {
                ObjectNode a = (ObjectNode) axon.get("c" + clients);
                BenchContext.number(a, "ratio_stack", a.path("sustained_per_s").asDouble() / s.path("per_s").asDouble());
                BenchContext.number(a, "p50_ratio_stack", a.path("p50_ms").asDouble() / s.path("p50_ms").asDouble());
                BenchContext.number(g, "ratio_axon", g.path("sustained_per_s").asDouble()
                        / a.path("sustained_per_s").asDouble());
                System.out.printf("  access c%-2d axon     %8.1f/s p50 %6.2f ms cpu %5.2f+%5.2f ms (JIT %4.2f) | "
                                + "axon/stack %.2f, gatehouse/axon %.2f%n", clients, a.path("per_s").asDouble(),
                        a.path("p50_ms").asDouble(), a.path("jvm_cpu_ms").asDouble(), a.path("pg_cpu_ms").asDouble(),
                        a.path("jit_cpu_ms").asDouble(), a.path("ratio_stack").asDouble(),
                        g.path("ratio_axon").asDouble());
            }
            System.out.printf("  access c%-2d gatehouse %8.1f/s p50 %6.2f ms cpu %5.2f+%5.2f ms (JIT %4.2f) | stack %8.1f/s p50 %6.2f ms "
                            + "cpu %5.2f+%5.2f ms (JIT %4.2f) | raw %8.1f/s | gatehouse/stack %.2f, gatehouse/raw %.3f%n", clients,
                    g.path("per_s").asDouble(), g.path("p50_ms").asDouble(), g.path("jvm_cpu_ms").asDouble(),
                    g.path("pg_cpu_ms").asDouble(), g.path("jit_cpu_ms").asDouble(), s.path("per_s").asDouble(),
                    s.path("p50_ms").asDouble(), s.path("jvm_cpu_ms").asDouble(), s.path("pg_cpu_ms").asDouble(),
                    s.path("jit_cpu_ms").asDouble(), raw,
                    g.path("ratio_stack").asDouble(), g.path("ratio_raw").asDouble());
        }
    }

    /** Each target with its own idea of its members' roles; a target that was not started is null. */
    private static void compare(BenchContext ctx, List<Target> targets, List<Map<String, String>> roles,
                                String accountId, List<String> members, Duration measure, long maxOps)
            throws Exception {
        for (int t = 0; t < targets.size(); t++) {
            if (targets.get(t) != null) warmUp(ctx, targets.get(t), accountId, members, roles.get(t));
        }
        // each level measures all, one right after the other, so that a machine getting busier in between
        // (it is shared) moves the figures alike
        for (int clients : CommandsScenario.LEVELS) {
            for (int t = 0; t < targets.size(); t++) {
                if (targets.get(t) == null) continue;
                preRoll(ctx, targets.get(t), clients, accountId, members, roles.get(t));
                measure(ctx, targets.get(t), clients, accountId, members, roles.get(t), measure, maxOps);
                if (clients == 16 && ctx.options.profileDir != null) {
                    profile(ctx, targets.get(t), clients, accountId, members, roles.get(t));
                }
            }
        }
    }

    /**
     * {@code --profile DIR}: after a target's window, one more slice at the same clients with a sampling profiler in
     * the target's JVM ({@link Profiler}), not part of any figure (sampling costs CPU); its stacks go to DIR and its
     * CPU per request by thread group to {@code profile_ms_per_request} beside the window's figures.
     */
    private static void profile(BenchContext ctx, Target target, int clients, String accountId, List<String> members,
                                Map<String, String> roles) throws Exception {
        if (target.pid() == null) {
            ctx.notes.add("--profile: " + target.label() + " runs in several processes; not profiled");
            return;
        }
        Path file = ctx.options.profileDir.resolve("access-" + target.label().replace(' ', '-') + "-c" + clients
                + ".collapsed");
        Profiler profiler = Profiler.start(target.pid(), file);
        long jvm0 = CpuMeter.process(target.pid());
        LoadRunner.Result r = LoadRunner.run(clients, Duration.ofSeconds(PROFILE_SECONDS), 1_000_000,
                i -> flipper(ctx, target.http(), accountId, slice(members, i), roles));
        if (target.projections()) target.catchUp().await();
        long jvm1 = CpuMeter.process(target.pid());
        Map<String, Double> perRequest = profiler.stop(r.ok(), (jvm1 - jvm0) * CpuMeter.MS_PER_TICK);
        ObjectNode level = (ObjectNode) target.into().get("c" + clients);
        ObjectNode into = level.putObject("profile_ms_per_request");
        perRequest.forEach((group, ms) -> BenchContext.number(into, group, ms));
        level.put("profile_file", profiler.file().toString());
        System.out.printf("  profiled %s at %d clients (%.0f/s while sampled), ms of CPU per request: %s%n    %s%n",
                target.label(), clients, r.ok() / r.seconds(), perRequest.entrySet().stream()
                        .map(e -> String.format("%s %.3f", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")), profiler.file());
    }

    static final int PROFILE_SECONDS = 5;

    /** How long a target's projections took to process what it stored, in ms (-1: not within 60 s). */
    @FunctionalInterface
    private interface CatchUp {
        double await() throws Exception;
    }

    /** @param catchUp null: no projections that must catch up before a figure is complete */
    private record Target(String label, Http http, Long pid, ObjectNode into, CatchUp catchUp) {

        boolean projections() {
            return catchUp != null;
        }
    }

    /** The projections a command feeds. */
    private static final List<String> FED = List.of("users-list", "audit-history");

    /**
     * Waits until every projection a command feeds has processed what the window stored: the work a service
     * leaves behind is part of its requests' cost, and would otherwise slow whatever is measured next.
     * Returns the milliseconds it took (-1: not within 60 s).
     */
    private static double catchUp(BenchContext ctx) throws InterruptedException {
        long head = Projections.state(ctx, FED.get(0)).path("headPosition").asLong();
        return pollUntil(() -> FED.stream()
                .allMatch(name -> Projections.state(ctx, name).path("position").asLong() >= head));
    }

    /** The framework baseline's one projection, by its own {@code GET /bench/projection}. */
    private static double catchUpAxon(BenchContext ctx, Http http) throws InterruptedException {
        return pollUntil(() -> {
            var state = http.get("/bench/projection", ctx.ownerToken, Map.of()).expect(200).json();
            return state.path("position").asLong() >= state.path("headPosition").asLong();
        });
    }

    /** Every 10 ms until {@code caughtUp}; the milliseconds it took, or -1 after 60 s. */
    private static double pollUntil(BooleanSupplier caughtUp) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + 60_000_000_000L;
        while (!caughtUp.getAsBoolean()) {
            if (System.nanoTime() > deadline) return -1;
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void warmUp(BenchContext ctx, Target target, String accountId, List<String> members,
                               Map<String, String> roles) throws Exception {
        // at least WARM_UP_SECONDS, then on in slices until the JIT is done: a service with more code compiles for
        // longer, and what it still compiles while measured is the warm-up's, not the request's, cost
        long started = System.nanoTime();
        LoadRunner.run(16, Duration.ofSeconds(WARM_UP_SECONDS), 1_000_000,
                i -> flipper(ctx, target.http(), accountId, slice(members, i), roles));
        double jitShare = Double.NaN;
        while (target.pid() != null && Duration.ofNanos(System.nanoTime() - started).toSeconds()
                < ctx.options.accessWarmUpMaxSeconds) {
            long jit0 = CpuMeter.compiler(target.pid());
            long slice0 = System.nanoTime();
            LoadRunner.run(WARM_UP_SLICE_CLIENTS, Duration.ofSeconds(WARM_UP_SLICE_SECONDS), 1_000_000,
                    i -> flipper(ctx, target.http(), accountId, slice(members, i), roles));
            long jit1 = CpuMeter.compiler(target.pid());
            if (jit0 < 0 || jit1 < 0) break;
            jitShare = (jit1 - jit0) * CpuMeter.MS_PER_TICK / ((System.nanoTime() - slice0) / 1e6);
            if (jitShare < JIT_DONE_SHARE) break;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        target.into().put("warm_up_s", seconds);
        if (!Double.isNaN(jitShare)) BenchContext.number(target.into(), "warm_up_jit_share", jitShare);
        System.out.printf("  access: %s, %d s warm-up%s%n", target.label(), seconds, Double.isNaN(jitShare)
                ? (target.pid() == null ? " (several processes: no JIT to watch, the minimum)" : "")
                : String.format(" (JIT at the end: %.0f%% of a core)", jitShare * 100));
    }

    /**
     * Before each level's window, {@value #PRE_ROLL_SECONDS} s slices at the level's own clients, not recorded, until
     * the JIT uses less than {@link #JIT_DONE_SHARE} of a core (at most {@value #MAX_PRE_ROLL_SLICES} slices): after
     * the warm-up at 4 clients Gatehouse's JIT went on compiling in the next windows (0.15 to 0.45 ms of JIT CPU per
     * request, a fifth of a core), the baseline's not; each target starts its window in its steady state.
     */
    private static void preRoll(BenchContext ctx, Target target, int clients, String accountId, List<String> members,
                                Map<String, String> roles) throws Exception {
        for (int slice = 0; slice < MAX_PRE_ROLL_SLICES; slice++) {
            long jit0 = target.pid() == null ? -1 : CpuMeter.compiler(target.pid());
            long started = System.nanoTime();
            LoadRunner.run(clients, Duration.ofSeconds(PRE_ROLL_SECONDS), 1_000_000,
                    i -> flipper(ctx, target.http(), accountId, slice(members, i), roles));
            long jit1 = target.pid() == null ? -1 : CpuMeter.compiler(target.pid());
            if (jit0 < 0 || jit1 < 0
                    || (jit1 - jit0) * CpuMeter.MS_PER_TICK / ((System.nanoTime() - started) / 1e6) < JIT_DONE_SHARE) {
                break;
            }
        }
        if (target.projections()) target.catchUp().await();
    }

    static final int PRE_ROLL_SECONDS = 5;
    static final int MAX_PRE_ROLL_SLICES = 3;

    private static void measure(BenchContext ctx, Target target, int clients, String accountId, List<String> members,
                                Map<String, String> roles, Duration measure, long maxOps) throws Exception {
        long jvm0 = target.pid() == null ? -1 : CpuMeter.process(target.pid());
        long jit0 = target.pid() == null ? -1 : CpuMeter.compiler(target.pid());
        long pg0 = ctx.options.pgPid == null ? -1 : CpuMeter.postgres(ctx.options.pgPid);
        PgCounters counters = new PgCounters(ctx);
        counters.start();
        LoadRunner.Result r = LoadRunner.run(clients, measure, maxOps,
                i -> flipper(ctx, target.http(), accountId, slice(members, i), roles));
        double caughtUp = target.projections() ? target.catchUp().await() : 0;
        long jvm1 = target.pid() == null ? -1 : CpuMeter.process(target.pid());
        long jit1 = target.pid() == null ? -1 : CpuMeter.compiler(target.pid());
        long pg1 = ctx.options.pgPid == null ? -1 : CpuMeter.postgres(ctx.options.pgPid);
        ObjectNode level = target.into().putObject("c" + clients);
        CommandsScenario.put(level, r);
        if (target.projections()) {
            BenchContext.number(level, "caught_up_ms", caughtUp);
            BenchContext.number(level, "sustained_per_s", caughtUp < 0 ? 0 : r.ok() / (r.seconds() + caughtUp / 1000));
        }
        counters.stop(level, r.ok(), clients == 16);
        if (jvm0 >= 0 && jvm1 >= 0 && r.ok() > 0) {
            BenchContext.number(level, "jvm_cpu_ms", (jvm1 - jvm0) * CpuMeter.MS_PER_TICK / r.ok());
        }
        if (jit0 >= 0 && jit1 >= 0 && r.ok() > 0) {
            BenchContext.number(level, "jit_cpu_ms", (jit1 - jit0) * CpuMeter.MS_PER_TICK / r.ok());
        }
        if (pg0 >= 0 && pg1 >= 0 && r.ok() > 0) {
            BenchContext.number(level, "pg_cpu_ms", (pg1 - pg0) * CpuMeter.MS_PER_TICK / r.ok());
        }
        // one line per window as it ends: what a profiler's window is cut by, baselines or not
        System.out.printf("  measured %s at %d clients: %.1f/s, p50 %.2f ms%n", target.label(), clients,
                level.path("per_s").asDouble(), level.path("p50_ms").asDouble());
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
