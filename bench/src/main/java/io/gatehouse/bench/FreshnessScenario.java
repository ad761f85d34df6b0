package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 6, item 2: from a write's answer to the write being visible in the Users list. A few probe clients,
 * each in turn:
 * <ul>
 *   <li>poll (the headline {@code freshness.p50_ms/p99_ms}): adds one member, then sends
 *   {@code GET .../members?search=<its username>&size=1} without Gatehouse-Min-Position every
 *   {@value #POLL_PAUSE_MS} ms until it shows the member; the figure is the time from the add's answer to the
 *   answer that shows it (so it overstates by up to one poll round trip, see {@code poll_rtt_p50_ms});</li>
 *   <li>min_position: adds one member, then sends one GET with {@code Gatehouse-Min-Position} set to the add's
 *   position; the figure is that GET's latency, and a 200 that does not show the member counts as
 *   {@code not_visible} (a read-your-writes violation).</li>
 * </ul>
 * Before each write a probe waits a random 0-500 ms, so that its writes do not fall into step with a
 * projection that polls on a fixed period (a closed loop that writes right after seeing its last write would
 * always land just after a poll and measure the worst case). Runs first with only the probes writing, then
 * again while {@value #BACKGROUND_CLIENTS} background clients run the command mix ({@code freshness.under_load}).
 * No raw baseline: PostgreSQL has no projection to wait for.
 */
final class FreshnessScenario implements Scenario {

    static final int PROBES = 4;
    static final int BACKGROUND_CLIENTS = 4;
    static final int POLL_PAUSE_MS = 2;
    static final int MAX_JITTER_MS = 500;
    static final long GIVE_UP_NANOS = Duration.ofSeconds(5).toNanos();

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) throws Exception {
        boolean quick = ctx.options.quick;
        String accountId = ctx.createAccount("Bench freshness");
        Queue<BenchContext.DirectoryUser> users = new ConcurrentLinkedQueue<>(
                ctx.seedDirectory("fresh", 4000, i -> "Fresh Member " + i));
        ObjectNode freshness = results.putObject("freshness");
        freshness.put("what", "add one member, then poll GET /members?search=<its username> (no Min-Position) "
                + "until it shows: time from the add's answer to the answer that shows it; " + PROBES
                + " probe clients, random 0-" + MAX_JITTER_MS + " ms pause before each write");
        // warm-up: the probes' own pattern, long enough for the JIT, as the commands are measured only after 20 s;
        // the add and the search were otherwise still being compiled in the window (C2 a quarter of the service's
        // CPU after 1,000 adds)
        Duration warmUp = Duration.ofSeconds(quick ? 20 : 30);
        measure(ctx, accountId, users, warmUp, JsonNodeFactory.instance.objectNode());
        freshness.put("warm_up_s", warmUp.toSeconds());
        // at least 100 samples of each kind even in the quick run, so that a p99 is not just the slowest sample
        measureWithServerDelay(ctx, accountId, users, Duration.ofSeconds(quick ? 15 : 30), freshness);

        String loadAccount = ctx.createAccount("Bench freshness background");
        Queue<BenchContext.DirectoryUser> pool = new ConcurrentLinkedQueue<>(
                ctx.seedDirectory("freshbg", quick ? 6000 : 20_000, i -> "Background User " + i));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<LoadRunner.Result> background = new AtomicReference<>();
        AtomicReference<Exception> backgroundError = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try {
                background.set(LoadRunner.run(BACKGROUND_CLIENTS, Duration.ofSeconds(90), 80_000,
                        i -> new CommandMix(ctx, loadAccount, pool, new AtomicLong(), stop, 7000 + i)));
            } catch (Exception e) {
                backgroundError.set(e);
            }
        }, "bench-background");
        load.start();
        try {
            Thread.sleep(quick ? 500 : 1000);
            ObjectNode underLoad = freshness.putObject("under_load");
            underLoad.put("background_clients", BACKGROUND_CLIENTS);
            measureWithServerDelay(ctx, accountId, users, Duration.ofSeconds(quick ? 15 : 20), underLoad);
            stop.set(true);
            load.join(40_000);
            if (background.get() != null) {
                BenchContext.number(underLoad, "background_commands_per_s", background.get().perSecond());
            }
            if (backgroundError.get() != null) {
                underLoad.put("background_error", backgroundError.get().getMessage());
            }
        } finally {
            stop.set(true);
        }
    }

    /**
     * {@link #measure}, and beside it the Users list's own delay over the same window ({@code server_delay}: from each
     * event's making to the commit that showed it, the service's {@code gatehouse.projection.delay}), which tells the
     * projection's part of a sample from the read's own latency. It counts every event of the window, the background
     * clients' too.
     */
    private void measureWithServerDelay(BenchContext ctx, String accountId, Queue<BenchContext.DirectoryUser> users,
                                        Duration time, ObjectNode node) throws InterruptedException {
        var before = Projections.delayBuckets(ctx, "users-list");
        measure(ctx, accountId, users, time, node);
        Projections.putDelays(node.putObject("server_delay"), before, Projections.delayBuckets(ctx, "users-list"));
    }

    /** PROBES threads, each alternating a poll sample and a Min-Position sample until {@code time} is up. */
    private void measure(BenchContext ctx, String accountId, Queue<BenchContext.DirectoryUser> users, Duration time,
                         ObjectNode node) throws InterruptedException {
        Histogram poll = LoadRunner.histogram();
        Histogram rtt = LoadRunner.histogram();
        Histogram minPosition = LoadRunner.histogram();
        AtomicLong polls = new AtomicLong(), timeouts = new AtomicLong(), notVisible = new AtomicLong(),
                unavailable = new AtomicLong(), pollSamples = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>();
        long deadline = System.nanoTime() + time.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PROBES; p++) {
            Random random = new Random(31L * p + time.toMillis());
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        BenchContext.DirectoryUser a = users.poll(), b = users.poll();
                        if (a == null || b == null) return;
                        Thread.sleep(random.nextInt(MAX_JITTER_MS));
                        long[] s = pollSample(ctx, accountId, a);
                        synchronized (poll) {
                            poll.recordValue((s[0] < 0 ? GIVE_UP_NANOS : s[0]) / 1000);
                            rtt.recordValue(s[2] / 1000);
                        }
                        if (s[0] < 0) timeouts.incrementAndGet();
                        polls.addAndGet(s[1]);
                        pollSamples.incrementAndGet();
                        Thread.sleep(random.nextInt(MAX_JITTER_MS));
                        long[] m = minPositionSample(ctx, accountId, b);
                        synchronized (minPosition) {
                            minPosition.recordValue(m[0] / 1000);
                        }
                        if (m[1] == 503) unavailable.incrementAndGet();
                        else if (m[1] != 200) throw new IllegalStateException("GET with Min-Position answered " + m[1]);
                        else if (m[2] == 0) notVisible.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e.getMessage());
                }
            }, "bench-freshness-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(time.toMillis() + 2 * GIVE_UP_NANOS / 1_000_000 + Http.TIMEOUT.toMillis());
        }
        if (error.get() != null) {
            throw new IllegalStateException(error.get());
        }
        BenchContext.latencies(node, poll);
        BenchContext.number(node, "polls_per_sample", (double) polls.get() / Math.max(1, pollSamples.get()));
        BenchContext.number(node, "poll_rtt_p50_ms", LoadRunner.ms(rtt, 50));
        node.put("timeouts", timeouts.get());
        ObjectNode mp = node.putObject("min_position");
        mp.put("what", "latency of one GET with Gatehouse-Min-Position = the add's position, sent on its answer");
        BenchContext.latencies(mp, minPosition);
        mp.put("not_visible", notVisible.get());
        mp.put("answered_503", unavailable.get());
    }

    /** {time from the add's answer to visibility (-1: gave up after 5 s), polls, last poll's latency}, in ns. */
    private static long[] pollSample(BenchContext ctx, String accountId, BenchContext.DirectoryUser user)
            throws InterruptedException {
        ctx.addMembers(ctx.ownerToken, accountId, List.of(user), "DEVELOPER").expect(201);
        long answered = System.nanoTime();
        String path = "/api/v1/accounts/" + accountId + "/members?size=1&search="
                + URLEncoder.encode(user.upn(), StandardCharsets.UTF_8);
        long polls = 0;
        while (true) {
            Http.Response r = ctx.http.get(path, ctx.ownerToken, Map.of()).expect(200);
            polls++;
            long now = System.nanoTime();
            if (r.json().get("total").asLong() >= 1) {
                return new long[]{now - answered, polls, r.nanos()};
            }
            if (now - answered > GIVE_UP_NANOS) {
                return new long[]{-1, polls, r.nanos()};
            }
            Thread.sleep(POLL_PAUSE_MS);
        }
    }

    /** {latency of the Min-Position GET, its status, 1 if it showed the member}. */
    private static long[] minPositionSample(BenchContext ctx, String accountId, BenchContext.DirectoryUser user) {
        Http.Response added = ctx.addMembers(ctx.ownerToken, accountId, List.of(user), "DEVELOPER").expect(201);
        long position = added.position().orElseThrow(() -> new IllegalStateException("no Gatehouse-Position"));
        long answered = System.nanoTime();
        Http.Response r = ctx.http.get("/api/v1/accounts/" + accountId + "/members?size=1&search="
                        + URLEncoder.encode(user.upn(), StandardCharsets.UTF_8), ctx.ownerToken,
                Map.of("Gatehouse-Min-Position", Long.toString(position)));
        long took = System.nanoTime() - answered;
        long visible = r.status() == 200 && r.json().get("total").asLong() >= 1 ? 1 : 0;
        return new long[]{took, r.status(), visible};
    }
}
