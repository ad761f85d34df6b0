package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11's last proof: what encrypting personal data costs. Two all-in-one services from the same jar run side
 * by side, each on its own fresh embedded PostgreSQL: one as shipped (personal data sealed), one started with
 * {@code gatehouse.privacy.measure-without-encryption=true} (written in clear). Both get the same data set
 * (members with names, usernames and e-mails; invitations with e-mails; page visits), then the same measurements
 * in short rounds that alternate between them (A B, B A, ...), so that a shared machine getting busier or quieter
 * moves both alike:
 * <ul>
 *   <li>rebuild of the Users list (events/s; JVM CPU per event);</li>
 *   <li>history export as NDJSON of the data set's account (lines/s; JVM CPU per line);</li>
 *   <li>commands at 16 clients: {@code PUT .../access} (as {@link AccessComparison}) and the add + change-access
 *   mix ({@link CommandMix}) (requests/s; JVM and PostgreSQL CPU per request).</li>
 * </ul>
 * Cost = how much lower the encrypted service's rate is than the clear one's, in % (and the same for CPU per
 * event or request, which a shared machine moves least). The goal of issue 11: at most 10% for each.
 */
final class PrivacyCost {

    static final double GOAL_PCT = 10;
    static final int CLIENTS = 16;

    /** One of the two services. */
    static final class Target {
        final String label;
        final boolean encrypted;
        final BenchContext ctx;
        final long pid;
        final Long pgPid;
        String accountId;
        long accountEvents;
        final List<String> flipMembers = new ArrayList<>();
        final Map<String, String> roles = new ConcurrentHashMap<>();
        Queue<BenchContext.DirectoryUser> pool;
        final AtomicLong maxPosition = new AtomicLong();
        final Map<String, Totals> totals = new java.util.LinkedHashMap<>();

        Target(String label, boolean encrypted, BenchContext ctx, long pid, Long pgPid) {
            this.label = label;
            this.encrypted = encrypted;
            this.ctx = ctx;
            this.pid = pid;
            this.pgPid = pgPid;
        }

        Totals totals(String figure) {
            return totals.computeIfAbsent(figure, f -> new Totals());
        }
    }

    /** Sums over a figure's rounds: operations, seconds, CPU ticks, latencies. */
    static final class Totals {
        long ops;
        double seconds;
        long jvmTicks;
        long pgTicks;
        final Histogram latencies = LoadRunner.histogram();
        final ArrayNode rounds = Http.JSON.createArrayNode();

        double perSecond() {
            return seconds <= 0 ? Double.NaN : ops / seconds;
        }

        /** JVM CPU per operation, microseconds. */
        double jvmCpuUs() {
            return ops <= 0 ? Double.NaN : jvmTicks * CpuMeter.MS_PER_TICK * 1000 / ops;
        }

        double pgCpuUs() {
            return ops <= 0 ? Double.NaN : pgTicks * CpuMeter.MS_PER_TICK * 1000 / ops;
        }
    }

    private final boolean quick;
    private final List<Target> targets;
    private final List<String> notes = new ArrayList<>();

    private PrivacyCost(boolean quick, List<Target> targets) {
        this.quick = quick;
        this.targets = targets;
    }

    /**
     * {@code privacy-cost [--quick] --private-key <pem> --out <json> [--latest <json>] [--git-rev <rev>]
     * [--service-java-opts <opts>] [--service-args <args>] --encrypted <url>,<jdbc-url>,<pid>,<pg-pid> --clear <url>,<jdbc-url>,<pid>,<pg-pid>}
     */
    static int run(String[] args) throws Exception {
        boolean quick = false;
        String privateKey = null, out = null, latest = null, gitRev = null, javaOpts = "", serviceArgs = "",
                encrypted = null, clear = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--private-key" -> privateKey = args[++i];
                case "--out" -> out = args[++i];
                case "--latest" -> latest = args[++i];
                case "--git-rev" -> gitRev = args[++i];
                case "--service-java-opts" -> javaOpts = args[++i];
                case "--service-args" -> serviceArgs = args[++i];
                case "--encrypted" -> encrypted = args[++i];
                case "--clear" -> clear = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (privateKey == null || out == null || encrypted == null || clear == null) {
            throw new IllegalArgumentException("--private-key, --out, --encrypted and --clear are required");
        }
        Tokens tokens = new Tokens(Keys.readPrivateKey(Path.of(privateKey)));
        List<Target> targets = List.of(target("encrypted", true, encrypted, quick, privateKey, tokens),
                target("clear", false, clear, quick, privateKey, tokens));
        PrivacyCost run = new PrivacyCost(quick, targets);
        ObjectNode result = run.measure(gitRev, javaOpts, serviceArgs);
        Path outPath = Path.of(out).toAbsolutePath();
        Files.createDirectories(outPath.getParent());
        Files.writeString(outPath, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        if (latest != null) {
            // beside the figures of the previous run, which stay as they were
            Path latestPath = Path.of(latest).toAbsolutePath();
            ObjectNode all = Files.exists(latestPath) ? (ObjectNode) Http.JSON.readTree(latestPath.toFile())
                    : Http.JSON.createObjectNode();
            all.set("privacy_cost", result);
            Files.createDirectories(latestPath.getParent());
            Files.writeString(latestPath, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
            System.out.println("wrote " + outPath + " and privacy_cost in " + latestPath);
        }
        print(result);
        return result.has("errors") ? 1 : 0;
    }

    private static Target target(String label, boolean encrypted, String spec, boolean quick, String privateKey,
                                 Tokens tokens) {
        String[] p = spec.split(",", -1);
        if (p.length != 4) throw new IllegalArgumentException("--" + label + " <url>,<jdbc-url>,<pid>,<pg-pid>");
        List<String> args = new ArrayList<>(List.of("--base-url", p[0], "--jdbc-url", p[1], "--private-key",
                privateKey, "--service-pid", p[2], "--pg-pid", p[3]));
        if (quick) args.add("--quick");
        Options options = Options.parse(args.toArray(String[]::new));
        Http http = new Http(options.baseUrl);
        http.get("/actuator/health", null, Map.of()).expect(200);
        BenchContext ctx = new BenchContext(options, http, tokens, new ResourceSampler(options.servicePids, http));
        return new Target(label, encrypted, ctx, options.servicePids.get(0), options.pgPid);
    }

    // ---- sizes ----

    private int members() {
        return quick ? 10_000 : 50_000;
    }

    private int invitationRequests() {
        return quick ? 100 : 500;   // 10 e-mails each
    }

    private int visitRequests() {
        return quick ? 50 : 250;    // 100 visits each
    }

    private int rounds() {
        return quick ? 4 : 6;
    }

    private Duration commandRound() {
        return Duration.ofSeconds(quick ? 5 : 12);
    }

    private Duration warmUp() {
        return Duration.ofSeconds(AccessComparison.WARM_UP_SECONDS);
    }

    private int exportsPerRound() {
        return quick ? 8 : 4;
    }

    // ---- the run ----

    private ObjectNode measure(String gitRev, String javaOpts, String serviceArgs) throws Exception {
        long started = System.nanoTime();
        ObjectNode r = Http.JSON.createObjectNode();
        r.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("mode", quick ? "quick" : "full");
        r.put("what", "the same jar twice, side by side, each on its own fresh embedded PostgreSQL: as shipped "
                + "(personal data sealed) and with gatehouse.privacy.measure-without-encryption=true (in clear); "
                + "same data set; measurements in rounds alternating between the two (A B, B A, ...); "
                + "cost_pct = median over the rounds of how much lower the encrypted rate is than the clear one "
                + "beside it (cost_total_pct: the same over the totals); cpu_cost_pct = the same for JVM CPU per "
                + "operation (how much more)");
        r.put("load_average_at_start", loadAverage());
        if (gitRev != null) r.put("git_rev", gitRev);
        r.put("java_opts", javaOpts);
        if (!serviceArgs.isBlank()) {
            r.put("service_args", serviceArgs);
            notes.add("both services ran with these arguments besides the defaults: " + serviceArgs);
        }
        ObjectNode errors = Http.JSON.createObjectNode();
        try {
            ObjectNode data = r.putObject("data_set");
            for (Target t : targets) {
                data.set(t.label, seed(t));
            }
            System.out.printf("[%5.1f s] rebuild%n", (System.nanoTime() - started) / 1e9);
            rebuildRounds();
            System.out.printf("[%5.1f s] history export%n", (System.nanoTime() - started) / 1e9);
            exportRounds();
            System.out.printf("[%5.1f s] commands%n", (System.nanoTime() - started) / 1e9);
            commandRounds();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            errors.put("error", String.valueOf(e.getMessage()));
        }
        ObjectNode figures = r.putObject("figures");
        figure(figures, "access_c16", "PUT .../members/{id}/access at " + CLIENTS + " clients, requests/s", true);
        figure(figures, "mix_c16", "command mix (add one member : change access, 1:1) at " + CLIENTS
                + " clients, commands/s", true);
        figure(figures, "rebuild", "rebuild of the Users list, events in the store / seconds", false);
        figure(figures, "history_export", "GET /history as NDJSON of the data set's account, lines/s", false);
        ObjectNode goals = r.putObject("goal");
        goals.put("target", "cost_pct <= " + (int) GOAL_PCT + " for every figure (issue 11)");
        double worst = Double.NEGATIVE_INFINITY;
        boolean measured = true;
        for (var it = figures.fields(); it.hasNext(); ) {
            JsonNode f = it.next().getValue();
            if (!f.path("cost_pct").isNumber()) {
                measured = false;
                continue;
            }
            worst = Math.max(worst, f.path("cost_pct").asDouble());
        }
        if (worst > Double.NEGATIVE_INFINITY) BenchContext.number(goals, "worst_cost_pct", worst);
        goals.put("result", !measured ? "not_measured" : worst <= GOAL_PCT ? "pass" : "fail");
        r.put("load_average_at_end", loadAverage());
        BenchContext.number(r, "duration_s", (System.nanoTime() - started) / 1e9);
        ArrayNode n = r.putArray("notes");
        notes.forEach(n::add);
        if (!errors.isEmpty()) r.set("errors", errors);
        return r;
    }

    /** The same data set in both: members with names, invitations with e-mails, page visits. */
    private ObjectNode seed(Target t) throws Exception {
        BenchContext ctx = t.ctx;
        long start = System.nanoTime();
        t.accountId = ctx.createAccount("Bench privacy");
        List<BenchContext.DirectoryUser> users = ctx.seedDirectory("privacy", members(),
                UsersListScenario::displayName);
        // members: 100 per request, 2 clients; each UserAdded seals display name, first and last name,
        // username, e-mail and the actor's name
        Queue<List<BenchContext.DirectoryUser>> batches = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < users.size(); i += 100) {
            batches.add(users.subList(i, Math.min(users.size(), i + 100)));
        }
        List<String> memberIds = java.util.Collections.synchronizedList(new ArrayList<>());
        LoadRunner.Result added = LoadRunner.run(2, Duration.ofMinutes(10), Long.MAX_VALUE, i -> () -> {
            List<BenchContext.DirectoryUser> batch = batches.poll();
            if (batch == null) return LoadRunner.DONE;
            Http.Response resp = ctx.addMembers(ctx.ownerToken, t.accountId, batch, "DEVELOPER").expect(201);
            resp.json().get("members").forEach(m -> memberIds.add(m.get("memberId").asText()));
            resp.position().ifPresent(p -> t.maxPosition.accumulateAndGet(p, Math::max));
            return CommandMix.ADD;
        });
        check(added, "adding members");
        // invitations: 10 e-mails per request, each UserInvited seals the e-mail and the actor's name
        AtomicLong invitation = new AtomicLong();
        LoadRunner.Result invited = LoadRunner.run(2, Duration.ofMinutes(5), invitationRequests(), i -> () -> {
            List<String> emails = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                emails.add("guest." + invitation.incrementAndGet() + "@fabrikam.example");
            }
            Http.Response resp = ctx.http.post("/api/v1/accounts/" + t.accountId + "/invitations", ctx.ownerToken,
                    Map.of("emails", emails, "access", Map.of("roles", List.of("MARKETER")))).expect(202);
            resp.position().ifPresent(p -> t.maxPosition.accumulateAndGet(p, Math::max));
            return CommandMix.ADD;
        });
        check(invited, "inviting");
        // page visits: 100 per request (one PagesVisited), each URL sealed with the visitor's key of the day
        AtomicLong page = new AtomicLong();
        LoadRunner.Result visited = LoadRunner.run(2, Duration.ofMinutes(5), visitRequests(), i -> () -> {
            Instant now = Instant.now();
            List<Map<String, String>> visits = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                visits.add(Map.of("url", "https://partner.microsoft.com/dashboard/privacy/" + page.incrementAndGet(),
                        "visitedAt", now.minusMillis(100 - k).toString()));
            }
            ctx.http.post("/api/v1/accounts/" + t.accountId + "/activity", ctx.ownerToken, visits).expect(202);
            return CommandMix.ADD;
        });
        check(visited, "posting page visits");
        // the members whose access the PUT rounds flip, and a pool of directory users for the command mix
        for (int i = 0; i < CLIENTS * AccessComparison.MEMBERS_PER_CLIENT; i++) {
            t.flipMembers.add(memberIds.get(i));
            t.roles.put(memberIds.get(i), "DEVELOPER");
        }
        t.pool = new ConcurrentLinkedQueue<>(ctx.seedDirectory("privacy-mix", quick ? 6_000 : 20_000,
                i -> "Mix " + UsersListScenario.displayName(i)));
        double seedSeconds = (System.nanoTime() - start) / 1e9;
        // invitations go on to the directory in the background (DirectorySynced): both stores hold the same
        // events before anything is measured, and everything is projected
        settleEventStore(ctx);
        long head = Projections.state(ctx, "users-list").path("headPosition").asLong();
        Projections.awaitAdmin(ctx, RebuildScenario.PROJECTION, head, 180);
        Projections.awaitAdmin(ctx, "audit-history", head, 180);

        ObjectNode d = Http.JSON.createObjectNode();
        d.put("members", memberIds.size());
        d.put("invitations", invitation.get());
        d.put("page_visits", page.get());
        BenchContext.number(d, "seed_s", seedSeconds);
        try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
            // every sealed value is an object {"sealed":1,...} in its event's payload
            try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum((length(p) - length(replace(p, "
                    + "'\"sealed\":1', ''))) / length('\"sealed\":1')), 0), count(*) FILTER (WHERE p LIKE "
                    + "'%\"sealed\":1%') FROM (SELECT convert_from(payload, 'UTF8') AS p FROM domain_event_entry) e")) {
                rs.next();
                d.put("events_in_store", rs.getLong(1));
                d.put("sealed_values_in_store", rs.getLong(2));
                d.put("events_with_sealed_values", rs.getLong(3));
            }
            try (ResultSet rs = s.executeQuery("SELECT payload_type, count(*), coalesce(sum((length(p) - length("
                    + "replace(p, '\"sealed\":1', ''))) / length('\"sealed\":1')), 0) FROM (SELECT payload_type, "
                    + "convert_from(payload, 'UTF8') AS p FROM domain_event_entry) e GROUP BY 1 ORDER BY 2 DESC")) {
                ObjectNode types = d.putObject("events_by_type");
                ObjectNode sealed = d.putObject("sealed_values_by_type");
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getLong(2));
                    if (rs.getLong(3) > 0) sealed.put(rs.getString(1), rs.getLong(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM personal_data_key")) {
                rs.next();
                d.put("personal_data_keys", rs.getLong(1));
            }
        }
        t.accountEvents = d.path("events_in_store").asLong();
        System.out.printf("  %-9s %d events, %d sealed values in %d events, %d keys (seeded in %.0f s)%n", t.label,
                d.path("events_in_store").asLong(), d.path("sealed_values_in_store").asLong(),
                d.path("events_with_sealed_values").asLong(), d.path("personal_data_keys").asLong(), seedSeconds);
        if (t.encrypted && d.path("sealed_values_in_store").asLong() == 0) {
            throw new IllegalStateException("the encrypted service stored no sealed value: the comparison proves nothing");
        }
        if (!t.encrypted && d.path("sealed_values_in_store").asLong() > 0) {
            throw new IllegalStateException("the clear service stored sealed values: is the switch on?");
        }
        return d;
    }

    /** Waits (up to 90 s) until the event store has not grown for 3 s. */
    private static void settleEventStore(BenchContext ctx) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long last = -1;
        int stable = 0;
        while (stable < 3 && System.nanoTime() < deadline) {
            long count;
            try (Connection c = ctx.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM domain_event_entry")) {
                rs.next();
                count = rs.getLong(1);
            }
            stable = count == last ? stable + 1 : 0;
            last = count;
            Thread.sleep(1000);
        }
    }

    private static void check(LoadRunner.Result r, String what) {
        if (r.failed() > 0) {
            throw new IllegalStateException(what + ": " + r.failed() + " failed requests, first: " + r.firstError());
        }
    }

    /** Round i runs the targets in order A B when i is even, B A when odd. */
    private List<Target> order(int round) {
        return round % 2 == 0 ? targets : List.of(targets.get(1), targets.get(0));
    }

    private void rebuildRounds() throws Exception {
        for (Target t : targets) {   // warm-up (JIT, caches), not recorded: a first rebuild is up to 3 times slower
            rebuild(t);
        }
        for (int round = 0; round < rounds(); round++) {
            for (Target t : order(round)) {
                long jvm0 = CpuMeter.process(t.pid);
                long start = System.nanoTime();
                long events = rebuild(t);
                double seconds = (System.nanoTime() - start) / 1e9;
                long jvm1 = CpuMeter.process(t.pid);
                Totals totals = t.totals("rebuild");
                totals.ops += events;
                totals.seconds += seconds;
                totals.jvmTicks += jvm1 - jvm0;
                ObjectNode one = totals.rounds.addObject();
                BenchContext.number(one, "per_s", events / seconds);
                BenchContext.number(one, "jvm_cpu_us", (jvm1 - jvm0) * CpuMeter.MS_PER_TICK * 1000 / events);
                System.out.printf("  rebuild   %-9s round %d: %d events in %.2f s = %.0f events/s%n", t.label, round,
                        events, seconds, events / seconds);
            }
        }
    }

    /** Rebuilds the Users list until readers switch to the new copy; the events in the store at the start. */
    private long rebuild(Target t) throws Exception {
        BenchContext ctx = t.ctx;
        String liveBefore = Projections.state(ctx, RebuildScenario.PROJECTION).path("liveSchema").asText();
        JsonNode started = ctx.http.post("/api/v1/admin/projections/" + RebuildScenario.PROJECTION + "/rebuild",
                ctx.ownerToken, null).expect(202).json();
        long deadline = System.nanoTime() + Duration.ofMinutes(quick ? 2 : 5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode state = Projections.state(ctx, RebuildScenario.PROJECTION);
            if (!state.path("replaying").asBoolean() && !state.path("liveSchema").asText().equals(liveBefore)) {
                return started.path("headPosition").asLong();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(t.label + ": the rebuild did not finish in time");
    }

    private void exportRounds() throws Exception {
        for (Target t : targets) {   // warm-up, not recorded
            export(t);
        }
        for (int round = 0; round < rounds(); round++) {
            for (Target t : order(round)) {
                long jvm0 = CpuMeter.process(t.pid);
                long lines = 0;
                long nanos = 0;
                for (int k = 0; k < exportsPerRound(); k++) {
                    Http.Streamed s = export(t);
                    lines += s.lines();
                    nanos += s.nanos();
                }
                long jvm1 = CpuMeter.process(t.pid);
                Totals totals = t.totals("history_export");
                totals.ops += lines;
                totals.seconds += nanos / 1e9;
                totals.jvmTicks += jvm1 - jvm0;
                ObjectNode one = totals.rounds.addObject();
                BenchContext.number(one, "per_s", lines / (nanos / 1e9));
                BenchContext.number(one, "jvm_cpu_us", (jvm1 - jvm0) * CpuMeter.MS_PER_TICK * 1000 / lines);
                System.out.printf("  export    %-9s round %d: %d lines in %.2f s = %.0f lines/s%n", t.label, round,
                        lines, nanos / 1e9, lines / (nanos / 1e9));
            }
        }
    }

    private static Http.Streamed export(Target t) {
        Http.Streamed s = t.ctx.http.stream("/api/v1/accounts/" + t.accountId + "/history", t.ctx.ownerToken,
                "application/x-ndjson");
        if (s.status() != 200) {
            throw new IllegalStateException(t.label + ": history export answered " + s.status() + ": " + s.start());
        }
        return s;
    }

    private void commandRounds() throws Exception {
        long maxOps = 1_000_000;
        for (Target t : targets) {
            System.out.printf("  commands  %-9s %d s warm-up%n", t.label, warmUp().toSeconds());
            LoadRunner.run(CLIENTS, warmUp(), maxOps, i -> flipper(t, i));
            LoadRunner.run(CLIENTS, commandRound(), maxOps, i -> new CommandMix(t.ctx, t.accountId, t.pool,
                    t.maxPosition, null, 104729L * i + 7));
        }
        for (int round = 0; round < rounds(); round++) {
            for (Target t : order(round)) {
                commandRound(t, "access_c16", i -> flipper(t, i));
            }
            for (Target t : order(round + 1)) {
                commandRound(t, "mix_c16", i -> new CommandMix(t.ctx, t.accountId, t.pool, t.maxPosition, null,
                        7919L * i + 31));
            }
        }
    }

    private void commandRound(Target t, String figure, java.util.function.IntFunction<LoadRunner.Client> clients)
            throws Exception {
        // the previous round's projection work is not this round's
        Projections.await(t.ctx, t.accountId, t.maxPosition.get(), 60);
        long jvm0 = CpuMeter.process(t.pid);
        long pg0 = t.pgPid == null ? -1 : CpuMeter.postgres(t.pgPid);
        LoadRunner.Result r = LoadRunner.run(CLIENTS, commandRound(), 1_000_000, clients);
        long jvm1 = CpuMeter.process(t.pid);
        long pg1 = t.pgPid == null ? -1 : CpuMeter.postgres(t.pgPid);
        check(r, t.label + " " + figure);
        Totals totals = t.totals(figure);
        totals.ops += r.ok();
        totals.seconds += r.seconds();
        totals.jvmTicks += jvm1 - jvm0;
        if (pg0 >= 0 && pg1 >= 0) totals.pgTicks += pg1 - pg0;
        totals.latencies.add(r.all());
        ObjectNode one = totals.rounds.addObject();
        BenchContext.number(one, "per_s", r.perSecond());
        BenchContext.number(one, "p50_ms", LoadRunner.ms(r.all(), 50));
        BenchContext.number(one, "jvm_cpu_ms", (jvm1 - jvm0) * CpuMeter.MS_PER_TICK / Math.max(1, r.ok()));
        System.out.printf("  %-9s %-9s %7.1f/s p50 %6.1f ms, JVM CPU %.2f ms/request%n", figure, t.label,
                r.perSecond(), LoadRunner.ms(r.all(), 50), (jvm1 - jvm0) * CpuMeter.MS_PER_TICK / Math.max(1, r.ok()));
    }

    /** One client of the PUT rounds: flips the roles of its own four members (as {@link AccessComparison}). */
    private static LoadRunner.Client flipper(Target t, int client) {
        List<String> mine = t.flipMembers.subList(client * AccessComparison.MEMBERS_PER_CLIENT,
                (client + 1) * AccessComparison.MEMBERS_PER_CLIENT);
        return new LoadRunner.Client() {
            int n;

            @Override
            public int next() {
                String member = mine.get(n++ % mine.size());
                String role = t.roles.get(member).equals("DEVELOPER") ? "MARKETER" : "DEVELOPER";
                Http.Response r = t.ctx.http.put("/api/v1/accounts/" + t.accountId + "/members/" + member + "/access",
                        t.ctx.ownerToken, Map.of("roles", List.of(role))).expect(200);
                t.roles.put(member, role);
                r.position().ifPresent(p -> t.maxPosition.accumulateAndGet(p, Math::max));
                return CommandMix.CHANGE_ACCESS;
            }
        };
    }

    // ---- results ----

    private void figure(ObjectNode figures, String key, String what, boolean commands) {
        Target on = targets.get(0);
        Target off = targets.get(1);
        if (!on.totals.containsKey(key) || !off.totals.containsKey(key)) return;
        ObjectNode f = figures.putObject(key);
        f.put("what", what);
        for (Target t : targets) {
            Totals totals = t.totals(key);
            ObjectNode side = f.putObject(t.label);
            BenchContext.number(side, "per_s", totals.perSecond());
            side.put("operations", totals.ops);
            BenchContext.number(side, "seconds", totals.seconds);
            if (commands) {
                BenchContext.number(side, "p50_ms", LoadRunner.ms(totals.latencies, 50));
                BenchContext.number(side, "p99_ms", LoadRunner.ms(totals.latencies, 99));
                BenchContext.number(side, "jvm_cpu_ms", totals.jvmCpuUs() / 1000);
                if (t.pgPid != null) BenchContext.number(side, "pg_cpu_ms", totals.pgCpuUs() / 1000);
            } else {
                BenchContext.number(side, "jvm_cpu_us", totals.jvmCpuUs());
            }
            side.set("rounds", totals.rounds);
        }
        Totals a = on.totals(key);
        Totals b = off.totals(key);
        BenchContext.number(f, "cost_total_pct", (1 - a.perSecond() / b.perSecond()) * 100);
        BenchContext.number(f, "cpu_cost_total_pct", (a.jvmCpuUs() / b.jvmCpuUs() - 1) * 100);
        // round i of one service ran right beside round i of the other: the median of these pairs is what one
        // busy moment of a shared machine moves least
        String cpu = commands ? "jvm_cpu_ms" : "jvm_cpu_us";
        List<Double> costs = new ArrayList<>();
        List<Double> cpuCosts = new ArrayList<>();
        ArrayNode pairs = f.putArray("round_costs_pct");
        for (int i = 0; i < Math.min(a.rounds.size(), b.rounds.size()); i++) {
            double cost = (1 - a.rounds.get(i).path("per_s").asDouble() / b.rounds.get(i).path("per_s").asDouble()) * 100;
            costs.add(cost);
            pairs.add(BenchContext.round(cost));
            cpuCosts.add((a.rounds.get(i).path(cpu).asDouble() / b.rounds.get(i).path(cpu).asDouble() - 1) * 100);
        }
        double cost = median(costs);
        BenchContext.number(f, "cost_pct", cost);
        BenchContext.number(f, "cpu_cost_pct", median(cpuCosts));
        f.put("result", Double.isNaN(cost) ? "not_measured" : cost <= GOAL_PCT ? "pass" : "fail");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN() && !v.isInfinite()).sorted().toList();
        if (sorted.isEmpty()) return Double.NaN;
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(JsonNode r) {
        System.out.println();
        System.out.printf("Cost of encrypting personal data (%s run, %s; load average %s at the start, %s at the end)%n",
                r.path("mode").asText(), r.path("date").asText(), r.path("load_average_at_start").asText(),
                r.path("load_average_at_end").asText());
        String format = "%-44s %-12s %-12s %-9s %s%n";
        System.out.printf(format, "figure", "encrypted", "clear", "cost", "goal <= 10%");
        System.out.println("-".repeat(110));
        JsonNode figures = r.path("figures");
        row(format, figures, "access_c16", "PUT access, 16 clients (requests/s)", "per_s", "%.1f", true);
        row(format, figures, "access_c16", "  JVM CPU per request (ms)", "jvm_cpu_ms", "%.2f", false);
        row(format, figures, "access_c16", "  PostgreSQL CPU per request (ms)", "pg_cpu_ms", "%.2f", false);
        row(format, figures, "access_c16", "  p50 (ms)", "p50_ms", "%.1f", false);
        row(format, figures, "mix_c16", "add + access mix, 16 clients (commands/s)", "per_s", "%.1f", true);
        row(format, figures, "mix_c16", "  JVM CPU per command (ms)", "jvm_cpu_ms", "%.2f", false);
        row(format, figures, "rebuild", "rebuild Users list (events/s)", "per_s", "%.0f", true);
        row(format, figures, "rebuild", "  JVM CPU per event (us)", "jvm_cpu_us", "%.1f", false);
        row(format, figures, "history_export", "history export NDJSON (lines/s)", "per_s", "%.0f", true);
        row(format, figures, "history_export", "  JVM CPU per line (us)", "jvm_cpu_us", "%.1f", false);
        System.out.println("-".repeat(110));
        JsonNode data = r.path("data_set");
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode d = e.getValue();
            System.out.printf("%s: %d events in the store, %d sealed personal values in %d of them (%d members, "
                            + "%d invitations, %d page visits), %d data keys%n", e.getKey(),
                    d.path("events_in_store").asLong(), d.path("sealed_values_in_store").asLong(),
                    d.path("events_with_sealed_values").asLong(), d.path("members").asLong(),
                    d.path("invitations").asLong(), d.path("page_visits").asLong(), d.path("personal_data_keys").asLong());
        }
        System.out.println("cost = median over the rounds of how much lower the encrypted rate is than the clear one "
                + "measured beside it (the figures are totals over the rounds); the JVM CPU rows' cost is the same "
                + "median for CPU per operation (how much more). The history export reads the history projection "
                + "(plain copies), not the events: encryption is not on its path, so its cost shows the noise.");
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().path("sealed_values_by_type").size() > 0) {
                System.out.println(e.getKey() + " sealed values by event type: " + e.getValue().path("sealed_values_by_type"));
            }
        }
        JsonNode goal = r.path("goal");
        System.out.printf("goal (issue 11): %s -> %s (worst %s%%)%n", goal.path("target").asText(),
                goal.path("result").asText(), goal.path("worst_cost_pct").asText("-"));
        if (r.has("service_args")) System.out.println("both services ran with: " + r.path("service_args").asText());
        if (r.has("errors")) System.out.println("errors: " + r.get("errors"));
    }

    private static void row(String format, JsonNode figures, String key, String label, String field, String number,
                            boolean rate) {
        JsonNode f = figures.path(key);
        if (f.isMissingNode()) {
            if (rate) System.out.printf(format, label, "-", "-", "-", "not measured");
            return;
        }
        JsonNode on = f.path("encrypted").path(field);
        JsonNode off = f.path("clear").path(field);
        if (!on.isNumber() || !off.isNumber()) return;
        String cost;
        String result = "";
        if (rate) {
            cost = String.format(Locale.ROOT, "%+.1f%%", f.path("cost_pct").asDouble());
            result = f.path("result").asText() + String.format(Locale.ROOT, " (rounds: %s)",
                    f.path("round_costs_pct").toString().replaceAll("[\\[\\]]", "").replace(",", " "));
        } else if (field.startsWith("jvm_cpu")) {
            cost = String.format(Locale.ROOT, "%+.1f%%", f.path("cpu_cost_pct").asDouble());
        } else {
            cost = String.format(Locale.ROOT, "%+.1f%%", (on.asDouble() / off.asDouble() - 1) * 100);
        }
        System.out.printf(format, label, String.format(Locale.ROOT, number, on.asDouble()),
                String.format(Locale.ROOT, number, off.asDouble()), cost, result);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
