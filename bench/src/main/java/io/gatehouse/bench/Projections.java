package io.gatehouse.bench;

import java.util.Map;

/** Waiting for the Users list projection, with the API's own read-your-writes header. */
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
}
