package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waiting for the Users list projection, with the API's own read-your-writes header; its delay timer as Prometheus
 * reads it.
 */
final class Projections {

    private Projections() {
    }

    /**
     * Sends {@code GET .../members?size=1} with {@code Gatehouse-Min-Position: position} until it answers 200
     * (each try waits up to 5 s in the service, then 503); gives up after {@code timeoutSeconds}.
     * Returns the seconds it took, or -1 when it gave up.
     */
    static double await(BenchContext ctx, String accountId, long position, int timeoutSeconds) {
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Http.Response r = ctx.http.get("/api/v1/accounts/" + accountId + "/members?size=1", ctx.ownerToken,
                    Map.of("Gatehouse-Min-Position", Long.toString(position)));
            if (r.status() == 200) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (r.status() != 503) {
                throw new IllegalStateException("waiting for the projection: HTTP " + r.status() + " "
                        + Http.abbreviate(r.body()));
            }
        }
        return -1;
    }

    /** A projection's entry of {@code GET /api/v1/admin/projections} (operator token). */
    static com.fasterxml.jackson.databind.JsonNode state(BenchContext ctx, String name) {
        for (var entry : ctx.http.get("/api/v1/admin/projections", ctx.ownerToken, Map.of()).expect(200).json()) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new IllegalStateException("no projection named " + name + " in /api/v1/admin/projections");
    }

    /**
     * Polls {@code GET /api/v1/admin/projections} every 50 ms until projection {@code name} has processed
     * {@code position}; returns the seconds it took, or -1 after {@code timeoutSeconds}.
     */
    static double awaitAdmin(BenchContext ctx, String name, long position, int timeoutSeconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (state(ctx, name).path("position").asLong() >= position) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /**
     * The cumulative counts of a projection's {@code gatehouse.projection.delay} histogram by bucket upper bound (in
     * seconds), from {@code /actuator/prometheus} (operator token); empty when the service has no such timer.
     */
    static TreeMap<Double, Double> delayBuckets(BenchContext ctx, String projection) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Http.Response r = ctx.http.get("/actuator/prometheus", ctx.ownerToken, Map.of("Accept", "text/plain"));
        if (r.status() != 200) {
            return buckets;
        }
        Pattern bucket = Pattern.compile("^gatehouse_projection_delay_seconds_bucket\\{(?=[^}]*projection=\""
                + projection + "\")[^}]*le=\"([^\"]+)\"[^}]*} (\\S+)$");
        for (String line : r.body().split("\n")) {
            Matcher m = bucket.matcher(line);
            if (m.matches()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    /**
     * {@code count}, {@code p50_ms} and {@code p99_ms} of the delays recorded between two scrapes; each percentile is
     * the upper bound of its bucket (Micrometer's buckets are about 25% apart), so it overstates by at most that.
     */
    static void putDelays(ObjectNode into, TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        if (after.isEmpty()) {
            into.put("note", "the service exports no gatehouse.projection.delay");
            return;
        }
        double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
        into.put("count", (long) total);
        for (double q : new double[]{0.5, 0.99}) {
            for (var entry : after.entrySet()) {
                double n = entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
                if (total > 0 && n >= q * total) {
                    BenchContext.number(into, q == 0.5 ? "p50_ms" : "p99_ms", entry.getKey() * 1000);
                    break;
                }
            }
        }
    }
}
