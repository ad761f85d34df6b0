package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 6, item 5: activity ingest in batches of 100 visits ({@code POST .../activity}), {@value #CLIENTS}
 * clients, while {@value #BACKGROUND_CLIENTS} clients keep running the command mix on another account.
 * {@code activity.per_s} counts visits accepted per second. Raw baseline {@code raw_activity}: each batch is one
 * {@code PagesVisited} event, so {@value #CLIENTS} connections append one row per transaction with the payloads
 * of the service's own PagesVisited events (no background load); its {@code per_s} is rows/s x 100 visits.
 * {@code activity.projection_catch_up_s}: how long after the last batch the activity projection had it.
 */
final class ActivityScenario implements Scenario {

    static final int CLIENTS = 4;
    static final int BACKGROUND_CLIENTS = 4;
    static final int VISITS_PER_BATCH = 100;

    @Override
    public String name() {
        return "activity";
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) throws Exception {
        Options o = ctx.options;
        int seconds = o.quick ? 3 : 15;
        String accountId = ctx.createAccount("Bench activity");
        String loadAccount = ctx.createAccount("Bench activity background");
        Queue<BenchContext.DirectoryUser> pool = new ConcurrentLinkedQueue<>(
                ctx.seedDirectory("actbg", o.quick ? 4000 : 12_000, i -> "Activity Background " + i));
        ObjectNode activity = results.putObject("activity");
        activity.put("what", "POST /activity with " + VISITS_PER_BATCH + " visits per request, " + CLIENTS
                + " clients, while " + BACKGROUND_CLIENTS + " clients run the command mix; per_s = visits/s");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<LoadRunner.Result> background = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try {
                background.set(LoadRunner.run(BACKGROUND_CLIENTS, Duration.ofSeconds(seconds + 30), 100_000,
                        i -> new CommandMix(ctx, loadAccount, pool, new AtomicLong(), stop, 9000 + i)));
            } catch (Exception e) {
                // reported as missing background figure
            }
        }, "bench-activity-background");
        load.start();
        AtomicLong maxPosition = new AtomicLong();
        LoadRunner.Result service;
        try {
            Thread.sleep(500);
            // warm-up, not recorded
            LoadRunner.run(CLIENTS, Duration.ofMillis(o.quick ? 500 : 2000), 10_000,
                    i -> batches(ctx, accountId, maxPosition, i));
            service = LoadRunner.run(CLIENTS, Duration.ofSeconds(seconds), 1_000_000,
                    i -> batches(ctx, accountId, maxPosition, i));
        } finally {
            stop.set(true);
            load.join(40_000);
        }
        long visits = service.ok() * VISITS_PER_BATCH;
        BenchContext.number(activity, "per_s", visits / service.seconds());
        activity.put("clients", CLIENTS);
        activity.put("visits", visits);
        activity.put("batches", service.ok());
        activity.put("failed_batches", service.failed());
        if (service.firstError() != null) activity.put("first_error", Http.abbreviate(service.firstError()));
        ObjectNode batch = activity.putObject("batch");
        BenchContext.latencies(batch, service.all());
        if (background.get() != null) {
            BenchContext.number(activity, "background_commands_per_s", background.get().perSecond());
        }
        BenchContext.number(activity, "projection_catch_up_s",
                Projections.awaitAdmin(ctx, "activity", maxPosition.get(), 60));

        RawAppend.createTables(ctx);
        List<Object[]> samples = RawAppend.samples(ctx, "payload_type ILIKE '%visit%'", 50);
        LoadRunner.Result raw = LoadRunner.run(CLIENTS, o.rawAppendTime(), 10_000_000,
                i -> RawAppend.client(ctx, samples));
        ObjectNode rawNode = results.putObject("raw_activity");
        rawNode.put("what", "one PagesVisited row (" + VISITS_PER_BATCH + " visits) per transaction into the "
                + "raw event table, " + CLIENTS + " connections, no background load; per_s = rows/s x "
                + VISITS_PER_BATCH);
        BenchContext.number(rawNode, "per_s", raw.perSecond() * VISITS_PER_BATCH);
        BenchContext.number(rawNode, "rows_per_s", raw.perSecond());
        BenchContext.latencies(rawNode, raw.all());
        BenchContext.number(activity, "ratio", (visits / service.seconds()) / (raw.perSecond() * VISITS_PER_BATCH));
        System.out.printf("  activity %8.0f visits/s (batch p99 %.1f ms) | raw %8.0f visits/s%n",
                visits / service.seconds(), LoadRunner.ms(service.all(), 99), raw.perSecond() * VISITS_PER_BATCH);
    }

    private static LoadRunner.Client batches(BenchContext ctx, String accountId, AtomicLong maxPosition, int client) {
        return new LoadRunner.Client() {
            long n;

            @Override
            public int next() {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                List<Map<String, String>> visits = new ArrayList<>(VISITS_PER_BATCH);
                for (int i = 0; i < VISITS_PER_BATCH; i++) {
                    long page = n * VISITS_PER_BATCH + i;
                    visits.add(Map.of("url", "https://partner.microsoft.com/dashboard/bench/" + client + "/" + page,
                            "visitedAt", now.minusMillis(VISITS_PER_BATCH - i).toString()));
                }
                n++;
                Http.Response r = ctx.http.post("/api/v1/accounts/" + accountId + "/activity", ctx.ownerToken, visits)
                        .expect(202);
                r.position().ifPresent(p -> maxPosition.accumulateAndGet(p, Math::max));
                return 1;
            }
        };
    }
}
