package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The table {@code ./bench/run} prints, read from the same keys as latest.json. */
final class Report {

    /** One topology's results: its label and its latest.json object. */
    record Column(String label, JsonNode results) {
    }

    private final JsonNode r;
    private final List<Column> columns;
    private final PrintStream out;
    private final String format;
    private final int width;

    private Report(List<Column> columns, PrintStream out) {
        this.columns = columns;
        this.r = columns.get(0).results();
        this.out = out;
        StringBuilder f = new StringBuilder("%-40s ");
        int w = 41;
        for (int i = 0; i < columns.size(); i++) {
            f.append("%-20s ");
            w += 21;
        }
        int ratio = columns.size() > 1 ? 13 : 7;
        int result = columns.size() > 1 ? 13 : 6;
        f.append("%-20s %-").append(ratio).append("s %-14s %s%n");
        this.format = f.toString();
        this.width = w + 21 + ratio + 1 + 15 + result;
    }

    static void print(ObjectNode results, PrintStream out) {
        new Report(List.of(new Column(results.path("topology").asText("all-in-one"), results)), out).print();
    }

    /** The table of several topologies side by side; raw PostgreSQL is the first one's run. */
    static void print(List<Column> columns, PrintStream out) {
        new Report(columns, out).print();
    }

    private void print() {
        JsonNode m = r.path("machine");
        out.println();
        out.printf("Gatehouse benchmark, %s run, %s%n", r.path("mode").asText(), r.path("date").asText());
        out.printf("machine: %s cores, %s MB, %s; load average at start %s%n", m.path("nproc").asText(),
                m.path("memory_mb").asText(), m.path("cpu_model").asText(), m.path("load_average_at_start").asText());
        for (Column c : columns) {
            JsonNode db = c.results().path("database");
            JsonNode service = c.results().path("service");
            String where = service.has("write_urls")
                    ? "writes round-robin over " + service.path("write_urls").size() + " command nodes, reads on "
                    + service.path("base_url").asText()
                    : service.path("base_url").asText();
            out.printf("%s: %s; database: %s PostgreSQL %s (synchronous_commit=%s)%n", c.label(), where,
                    db.path("mode").asText(), db.path("server_version").asText(),
                    db.path("synchronous_commit").asText());
        }
        out.println();
        List<String> header = new ArrayList<>();
        header.add("figure");
        columns.forEach(c -> header.add(c.label()));
        header.addAll(List.of("raw PostgreSQL", "ratio", "goal", "result"));
        out.printf(format, header.toArray());
        out.println("-".repeat(width));
        row("start-up (s)", k -> num(k, "startup_s"), "", null, "startup_s");
        if (columns.stream().anyMatch(c -> c.results().has("startup_cluster_s"))) {
            row("  whole cluster, first launch to all UP (s)", k -> num(k, "startup_cluster_s"), "", null, null);
        }
        row("RSS, peak under load (MB)", k -> num(k, "rss_mb"), "", null, "rss_mb");
        for (int c : CommandsScenario.LEVELS) {
            String k = "commands.c" + c;
            row("commands c" + c + " (/s)", j -> num(j, k + ".per_s"), num(r, "raw_append.c" + c + ".per_s"),
                    k + ".ratio", k + ".ratio");
            row("commands c" + c + " p50 / p99 (ms)", j -> pair(j, k + ".p50_ms", k + ".p99_ms"),
                    pair(r, "raw_append.c" + c + ".p50_ms", "raw_append.c" + c + ".p99_ms"), null, null);
        }
        for (int c : CommandsScenario.LEVELS) {
            String k = "access.c" + c;
            row("PUT access c" + c + " (/s)", j -> num(j, k + ".per_s"), num(r, "raw_append.c" + c + ".per_s"),
                    k + ".ratio_raw", null);
            row("  sustained /s, catch-up ms", j -> pair(j, k + ".sustained_per_s", k + ".caught_up_ms"), "", null,
                    null);
            row("  stack baseline c" + c + " (/s)", j -> num(j, "stack_baseline.c" + c + ".per_s"), "", null, null);
            row("  Gatehouse / stack baseline", j -> num(j, k + ".ratio_stack"), "", null,
                    c == 16 ? k + ".ratio_stack" : null);
            row("  p50 Gatehouse / stack (ms)", j -> pair(j, k + ".p50_ms", "stack_baseline.c" + c + ".p50_ms"), "",
                    null, c == 1 ? k + ".p50_ratio_stack" : null);
            row("  CPU/request JVM, PG: Gatehouse (ms)", j -> pair(j, k + ".jvm_cpu_ms", k + ".pg_cpu_ms"), "", null,
                    null);
            row("  CPU/request JVM, PG: stack (ms)", j -> pair(j, "stack_baseline.c" + c + ".jvm_cpu_ms",
                    "stack_baseline.c" + c + ".pg_cpu_ms"), "", null, null);
            String a = "axon_baseline.c" + c;
            row("  framework baseline c" + c + " (/s)", j -> num(j, a + ".sustained_per_s"), "", null, null);
            row("  framework / stack, Gatehouse / framework", j -> pair(j, a + ".ratio_stack", k + ".ratio_axon"), "",
                    null, null);
            row("  p50 framework (ms)", j -> num(j, a + ".p50_ms"), "", null, null);
            row("  CPU/request JVM, PG: framework (ms)", j -> pair(j, a + ".jvm_cpu_ms", a + ".pg_cpu_ms"), "", null,
                    null);
        }
        row("freshness p50 / p99 (ms)", j -> pair(j, "freshness.p50_ms", "freshness.p99_ms"), "", null,
                "freshness.p99_ms");
        row("  with Min-Position p50 / p99 (ms)",
                j -> pair(j, "freshness.min_position.p50_ms", "freshness.min_position.p99_ms"), "", null, null);
        row("  under load p50 / p99 (ms)",
                j -> pair(j, "freshness.under_load.p50_ms", "freshness.under_load.p99_ms"), "", null, null);
        row("  read's own latency idle / load p50 (ms)",
                j -> pair(j, "freshness.poll_rtt_p50_ms", "freshness.under_load.poll_rtt_p50_ms"), "", null, null);
        row("  projection delay idle p50 / p99 (ms)",
                j -> pair(j, "freshness.server_delay.p50_ms", "freshness.server_delay.p99_ms"), "", null, null);
        row("  projection delay load p50 / p99 (ms)", j -> pair(j, "freshness.under_load.server_delay.p50_ms",
                "freshness.under_load.server_delay.p99_ms"), "", null, null);
        row("activity, 100/batch (visits/s)", j -> num(j, "activity.per_s"), num(r, "raw_activity.per_s"),
                "activity.ratio", "activity.per_s");
        row("users list seed (members/s)", j -> num(j, "users_list.seed.members_per_s"), "", null, null);
        row("users list members", j -> num(j, "users_list.members"), "", null, null);
        row("users list p50 / p99 (ms)", j -> pair(j, "users_list.p50_ms", "users_list.p99_ms"),
                pair(r, "raw_users_list.p50_ms", "raw_users_list.p99_ms"), null, "users_list.p99_ms");
        row("  search name p50 / p99 (ms)", j -> pair(j, "users_list_search.p50_ms", "users_list_search.p99_ms"),
                pair(r, "raw_users_list_search.p50_ms", "raw_users_list_search.p99_ms"), null,
                "users_list_search.p99_ms");
        row("  search last name p50 / p99 (ms)",
                j -> pair(j, "users_list_search_broad.p50_ms", "users_list_search_broad.p99_ms"),
                pair(r, "raw_users_list_search_broad.p50_ms", "raw_users_list_search_broad.p99_ms"), null, null);
        row("  random page p50 / p99 (ms)", j -> pair(j, "users_list_deep.p50_ms", "users_list_deep.p99_ms"),
                pair(r, "raw_users_list_deep.p50_ms", "raw_users_list_deep.p99_ms"), null, null);
        row("history export, " + r.path("history_export").path("events").asText("?") + " events (/s)",
                j -> num(j, "history_export.per_s"), num(r, "raw_history_export.per_s"), "history_export.ratio",
                "history_export.per_s");
        row("  heap peak / before (MB)", j -> pair(j, "history_export.heap_mb", "history_export.heap_before_mb"), "",
                null, "history_export.heap_flat");
        row("rebuild, " + r.path("rebuild").path("events").asText("?") + " events (/s)", j -> num(j, "rebuild.per_s"),
                num(r, "raw_rebuild.per_s"), "rebuild.ratio", "rebuild.ratio");
        out.println();
        for (Column c : columns) {
            String prefix = columns.size() > 1 ? c.label() + ": " : "";
            for (JsonNode e : c.results().path("errors")) {
                out.println(prefix + "ERROR in " + e.path("scenario").asText() + ": " + e.path("error").asText());
            }
            for (JsonNode n : c.results().path("notes")) {
                out.println(prefix + "note: " + n.asText());
            }
        }
        for (Column c : columns) {
            long pass = 0, fail = 0, na = 0;
            for (JsonNode g : c.results().path("goals")) {
                switch (g.path("result").asText()) {
                    case "pass" -> pass++;
                    case "fail" -> fail++;
                    default -> na++;
                }
            }
            out.printf("%sgoals: %d pass, %d fail, %d not measured; took %s s%n",
                    columns.size() > 1 ? c.label() + ": " : "", pass, fail, na, c.results().path("duration_s").asText());
        }
    }

    private void row(String label, Function<JsonNode, String> value, String raw, String ratioKey, String goalKey) {
        List<Object> cells = new ArrayList<>();
        cells.add(label);
        for (Column c : columns) {
            cells.add(value.apply(c.results()));
        }
        cells.add(raw);
        cells.add(ratioKey == null ? "" : joined(c -> num(c, ratioKey)));
        String goal = "";
        if (goalKey != null) {
            for (JsonNode g : r.path("goals")) {
                if (g.path("key").asText().equals(goalKey)) {
                    goal = g.path("target").asText();
                }
            }
        }
        cells.add(goal);
        cells.add(goalKey == null ? "" : joined(c -> result(c, goalKey)));
        out.printf(format, cells.toArray());
    }

    /** One cell per topology, joined by " / " (empty when none has a figure). */
    private String joined(Function<JsonNode, String> cell) {
        List<String> parts = columns.stream().map(c -> cell.apply(c.results())).toList();
        if (parts.stream().allMatch(String::isEmpty)) return "";
        return String.join(" / ", parts.stream().map(p -> p.isEmpty() ? "-" : p).toList());
    }

    private static String result(JsonNode results, String goalKey) {
        for (JsonNode g : results.path("goals")) {
            if (g.path("key").asText().equals(goalKey)) {
                return g.path("result").asText().toUpperCase(Locale.ROOT).replace("NOT_MEASURED", "n/a");
            }
        }
        return "";
    }

    private static String num(JsonNode r, String key) {
        JsonNode v = Goals.at(r, key);
        if (v.isNumber()) return format(v.asDouble());
        JsonNode parent = Goals.at(r, key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
        return parent.has("not_available") ? "n/a" : v.isMissingNode() ? "" : "-";
    }

    private static String pair(JsonNode r, String a, String b) {
        String x = num(r, a), y = num(r, b);
        return x.isEmpty() && y.isEmpty() ? "" : x + " / " + y;
    }

    private static String format(double v) {
        if (v >= 1000 || v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 100) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
