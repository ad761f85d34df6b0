package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A scenario for a feature the service may not have (an older build): probes the feature's endpoint first and,
 * when it answers 404, writes the scenario's keys with null values and a {@code not_available} note instead
 * ({@link NotAvailableScenario}), so latest.json keeps its shape.
 */
final class OptionalScenario implements Scenario {

    private final Scenario real;
    private final String probePath;
    private final NotAvailableScenario fallback;

    OptionalScenario(Scenario real, String probePath, Map<String, List<String>> keys) {
        this.real = real;
        this.probePath = probePath;
        this.fallback = new NotAvailableScenario(real.name(), keys,
                "the service does not offer this: GET " + probePath + " answered 404", null);
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) throws Exception {
        String path = probePath.replace("{accountId}", NotAvailableScenario.probeAccount(ctx));
        int status = ctx.http.get(path, ctx.ownerToken, Map.of()).status();
        if (status == 404) {
            fallback.run(ctx, results);
        } else {
            real.run(ctx, results);
        }
    }
}
