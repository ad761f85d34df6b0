package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 6, item 1. The command mix ({@link CommandMix}: add a member, change a member's access; one event per
 * command) at 1, 16 and 64 closed-loop clients, each level followed by its raw baseline: the same number of
 * JDBC connections, each appending one row per transaction (autocommit INSERT) to a scratch copy of
 * {@code domain_event_entry} (same columns, keys and indexes), with payloads copied from the events the
 * service just stored. {@code commands.cN.ratio = commands.cN.per_s / raw_append.cN.per_s}.
 */
final class CommandsScenario implements Scenario {

    static final int[] LEVELS = {1, 16, 64};

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) throws Exception {
        Options o = ctx.options;
        String accountId = ctx.createAccount("Bench commands");
        int perLevel = o.maxCommandsPerLevel();
        int poolSize = (perLevel / 2 + 64) * (LEVELS.length + 1)
                + LEVELS[LEVELS.length - 1] * AccessComparison.MEMBERS_PER_CLIENT;
        Queue<BenchContext.DirectoryUser> pool = new ConcurrentLinkedQueue<>(
                ctx.seedDirectory("cmd", poolSize, i -> "Command User " + i));
        AtomicLong maxPosition = new AtomicLong();

        ObjectNode commands = results.putObject("commands");
        ObjectNode raw = results.putObject("raw_append");
        commands.put("mix", "1:1 add one member (POST /users) and change access (PUT /members/{id}/access); "
                + "one event per command; closed loop");
        raw.put("what", "autocommit INSERT of one row per transaction into a copy of domain_event_entry "
                + "(same keys and indexes), payloads copied from the service's own events");

        // warm-up: JIT, connection pools, caches; not recorded
        LoadRunner.run(16, Duration.ofSeconds(o.warmupSeconds()), perLevel,
                i -> new CommandMix(ctx, accountId, pool, maxPosition, null, 1000 + i));
        settle(ctx, accountId, maxPosition.get());
        // the raw loop replays the payloads of the events the command mix just stored
        List<Object[]> samples = RawAppend.samples(ctx, "TRUE", 200);
        RawAppend.createTables(ctx);
        for (int clients : LEVELS) {
            long from = System.nanoTime();
            LoadRunner.Result service = LoadRunner.run(clients, Duration.ofSeconds(o.commandSeconds()), perLevel,
                    i -> new CommandMix(ctx, accountId, pool, maxPosition, null, clients * 100L + i));
            long to = System.nanoTime();
            ObjectNode level = commands.putObject("c" + clients);
            put(level, service);
            ObjectNode add = level.putObject("add");
            BenchContext.latencies(add, service.byKind()[CommandMix.ADD]);
            ObjectNode change = level.putObject("change_access");
            BenchContext.latencies(change, service.byKind()[CommandMix.CHANGE_ACCESS]);
            BenchContext.number(level, "rss_peak_mb", ctx.sampler.peakRss(from, to));
            // let the projections catch up so the next measurement does not pay for this one's backlog
            double settle = settle(ctx, accountId, maxPosition.get());
            BenchContext.number(level, "projection_settle_s", settle);

            LoadRunner.Result baseline = LoadRunner.run(clients, o.rawAppendTime(),
                    perLevel * 50L, i -> RawAppend.client(ctx, samples));
            ObjectNode rawLevel = raw.putObject("c" + clients);
            put(rawLevel, baseline);
            BenchContext.number(level, "ratio", service.perSecond() / baseline.perSecond());
            System.out.printf("  commands c%-2d %8.1f/s p50 %6.2f ms p99 %7.2f ms | raw append %8.1f/s%n", clients,
                    service.perSecond(), LoadRunner.ms(service.all(), 50), LoadRunner.ms(service.all(), 99),
                    baseline.perSecond());
        }
        // issue 14: the same PUT against Gatehouse and the stack baseline, beside the raw append just measured
        AccessComparison.run(ctx, results, pool);
    }

    static void put(ObjectNode node, LoadRunner.Result r) {
        node.put("clients", r.clients());
        BenchContext.number(node, "per_s", r.perSecond());
        BenchContext.latencies(node, r.all());
        node.put("ok", r.ok());
        node.put("failed", r.failed());
        BenchContext.number(node, "seconds", r.seconds());
        if (r.firstError() != null) {
            node.put("first_error", Http.abbreviate(r.firstError()));
        }
    }

    private static double settle(BenchContext ctx, String accountId, long position) {
        return position <= 0 ? 0 : Projections.await(ctx, accountId, position, 60);
    }

}
