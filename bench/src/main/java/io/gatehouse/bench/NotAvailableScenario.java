package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A measurement of issue 6 whose service feature does not exist yet: writes its keys with null values and a
 * {@code not_available} note, so that latest.json always has the same shape. It also probes the endpoint the
 * real scenario will drive, and says what it answered: when it stops answering 404, write the scenario.
 */
final class NotAvailableScenario implements Scenario {

    private final String name;
    private final Map<String, List<String>> keys;
    private final String note;
    private final String probePath;

    NotAvailableScenario(String name, Map<String, List<String>> keys, String note, String probePath) {
        this.name = name;
        this.keys = keys;
        this.note = note;
        this.probePath = probePath;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(BenchContext ctx, ObjectNode results) {
        String probe = null;
        if (probePath != null) {
            try {
                String path = probePath.replace("{accountId}", probeAccount(ctx));
                probe = "GET " + path + " answered " + ctx.http.get(path, ctx.ownerToken, Map.of()).status();
            } catch (RuntimeException e) {
                probe = "probe failed: " + e.getMessage();
            }
        }
        for (var entry : keys.entrySet()) {
            ObjectNode node = results.putObject(entry.getKey());
            for (String field : entry.getValue()) {
                node.putNull(field);
            }
            node.put("not_available", note);
            if (probe != null) {
                node.put("probe", probe);
            }
        }
    }

    private static String probeAccount;

    static synchronized String probeAccount(BenchContext ctx) {
        if (probeAccount == null) {
            probeAccount = ctx.createAccount("Bench probes");
        }
        return probeAccount;
    }
}
