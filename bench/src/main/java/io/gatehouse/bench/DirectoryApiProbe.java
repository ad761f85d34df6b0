package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Not a figure of issue 6: how fast the local directory's {@code POST .../directory/users} (one user per request)
 * is, to explain why the bench puts its directory users straight into {@code local_directory_object}
 * ({@link BenchContext#seedDirectory}) and what seeding 100,000 users through it would cost.
 */
final class DirectoryApiProbe implements Scenario {

    @Override
    public String name() {
        return "directory_api";
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) {
        int samples = ctx.options.quick ? 50 : 300;
        String accountId = ctx.createAccount("Bench directory");
        Histogram h = LoadRunner.histogram();
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            Http.Response r = ctx.http.post("/api/v1/accounts/" + accountId + "/directory/users", ctx.ownerToken,
                    Map.of("displayName", "Probe User " + i, "userPrincipalName", "probe." + i + "@bench.example"))
                    .expect(201);
            h.recordValue(r.nanos() / 1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode node = results.putObject("directory_create");
        node.put("what", "POST /directory/users (local directory, one user per request), one client; the bench "
                + "seeds its directory users with JDBC instead");
        BenchContext.number(node, "per_s", samples / seconds);
        BenchContext.latencies(node, h);
        BenchContext.number(node, "estimated_s_for_100k_one_client", 100_000 / (samples / seconds));
    }
}
