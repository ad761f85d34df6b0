package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.Locale;

/** The table {@code ./bench/run} prints, read from the same keys as latest.json. */
final class Report {

    private final JsonNode r;
    private final PrintStream out;
    private static final String FORMAT = "%-40s %-20s %-20s %-7s %-14s %s%n";

    private Report(JsonNode results, PrintStream out) {
        this.r = results;
        this.out = out;
    }

    static void print(ObjectNode results, PrintStream out) {
        new Report(results, out).print();
    }

    private void print() {
        JsonNode m = r.path("machine");
        out.println();
        out.printf("Gatehouse benchmark, %s run, %s%n", r.path("mode").asText(), r.path("date").asText());
        out.printf("machine: %s cores, %s MB, %s; database: %s PostgreSQL %s (synchronous_commit=%s)%n",
                m.path("nproc").asText(), m.path("memory_mb").asText(), m.path("cpu_model").asText(),
                r.path("database").path("mode").asText(), r.path("database").path("server_version").asText(),
                r.path("database").path("synchronous_commit").asText());
        out.println();
        out.printf(FORMAT, "figure", "Gatehouse", "raw PostgreSQL", "ratio", "goal", "result");
        out.println("-".repeat(118));
        row("start-up (s)", num("startup_s"), "", "", "startup_s");
        row("RSS, peak under load (MB)", num("rss_mb"), "", "", "rss_mb");
        for (int c : CommandsScenario.LEVELS) {
            String k = "commands.c" + c;
            row("commands c" + c + " (/s)", num(k + ".per_s"), num("raw_append.c" + c + ".per_s"), num(k + ".ratio"),
                    k + ".ratio");
            row("commands c" + c + " p50 / p99 (ms)", pair(k + ".p50_ms", k + ".p99_ms"),
                    pair("raw_append.c" + c + ".p50_ms", "raw_append.c" + c + ".p99_ms"), "", null);
        }
        row("freshness p50 / p99 (ms)", pair("freshness.p50_ms", "freshness.p99_ms"), "", "", "freshness.p99_ms");
        row("  with Min-Position p50 / p99 (ms)",
                pair("freshness.min_position.p50_ms", "freshness.min_position.p99_ms"), "", "", null);
        row("  under load p50 / p99 (ms)", pair("freshness.under_load.p50_ms", "freshness.under_load.p99_ms"), "",
                "", null);
        row("activity, 100/batch (visits/s)", num("activity.per_s"), num("raw_activity.per_s"),
                num("activity.ratio"), "activity.per_s");
        String members = r.path("users_list").path("members").asText("?");
        row("users list seed, " + r.path("users_list").path("seed").path("members").asText("?") + " members (/s)",
                num("users_list.seed.members_per_s"), "", "", null);
        row("users list, " + members + " members p50/p99", pair("users_list.p50_ms", "users_list.p99_ms"),
                pair("raw_users_list.p50_ms", "raw_users_list.p99_ms"), "", "users_list.p99_ms");
        row("  search name p50 / p99 (ms)", pair("users_list_search.p50_ms", "users_list_search.p99_ms"),
                pair("raw_users_list_search.p50_ms", "raw_users_list_search.p99_ms"), "", "users_list_search.p99_ms");
        row("  search last name p50 / p99 (ms)",
                pair("users_list_search_broad.p50_ms", "users_list_search_broad.p99_ms"),
                pair("raw_users_list_search_broad.p50_ms", "raw_users_list_search_broad.p99_ms"), "", null);
        row("  random page p50 / p99 (ms)", pair("users_list_deep.p50_ms", "users_list_deep.p99_ms"),
                pair("raw_users_list_deep.p50_ms", "raw_users_list_deep.p99_ms"), "", null);
        row("history export, " + r.path("history_export").path("events").asText("?") + " events (/s)",
                num("history_export.per_s"), num("raw_history_export.per_s"), num("history_export.ratio"),
                "history_export.per_s");
        row("  heap peak / before (MB)", pair("history_export.heap_mb", "history_export.heap_before_mb"), "", "",
                "history_export.heap_flat");
        row("rebuild, " + r.path("rebuild").path("events").asText("?") + " events (/s)", num("rebuild.per_s"),
                num("raw_rebuild.per_s"), num("rebuild.ratio"), "rebuild.ratio");
        out.println();
        for (JsonNode e : r.path("errors")) {
            out.println("ERROR in " + e.path("scenario").asText() + ": " + e.path("error").asText());
        }
        for (JsonNode n : r.path("notes")) {
            out.println("note: " + n.asText());
        }
        long pass = 0, fail = 0, na = 0;
        for (JsonNode g : r.path("goals")) {
            switch (g.path("result").asText()) {
                case "pass" -> pass++;
                case "fail" -> fail++;
                default -> na++;
            }
        }
        out.printf("goals: %d pass, %d fail, %d not measured; took %s s%n", pass, fail, na,
                r.path("duration_s").asText());
    }

    private void row(String label, String value, String raw, String ratio, String goalKey) {
        String goal = "", result = "";
        if (goalKey != null) {
            for (JsonNode g : r.path("goals")) {
                if (g.path("key").asText().equals(goalKey)) {
                    goal = g.path("target").asText();
                    result = g.path("result").asText().toUpperCase(Locale.ROOT).replace("NOT_MEASURED", "n/a");
                }
            }
        }
        out.printf(FORMAT, label, value, raw, ratio, goal, result);
    }

    private String num(String key) {
        JsonNode v = Goals.at(r, key);
        if (v.isNumber()) return format(v.asDouble());
        JsonNode parent = Goals.at(r, key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
        return parent.has("not_available") ? "n/a" : v.isMissingNode() ? "" : "-";
    }

    private String pair(String a, String b) {
        String x = num(a), y = num(b);
        return x.isEmpty() && y.isEmpty() ? "" : x + " / " + y;
    }

    private static String format(double v) {
        if (v >= 1000) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 100) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
