package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The goals of issue 6, each checked against latest.json's keys: pass, fail or not_measured. */
final class Goals {

    private Goals() {
    }

    static ArrayNode evaluate(ObjectNode results) {
        ArrayNode goals = results.arrayNode();
        goal(goals, results, "Commands at 16 clients at least half the raw append rate", "commands.c16.ratio", ">=", 0.5, null);
        goal(goals, results, "Commands (PUT access) at 16 clients at least 60% of the stack baseline (issue 14)",
                "access.c16.ratio_stack", ">=", 0.6, null);
        goal(goals, results, "Command p50 at 1 client at most twice the stack baseline's (issue 14)",
                "access.c1.p50_ratio_stack", "<=", 2, null);
        goal(goals, results, "Freshness p99 at most 50 ms", "freshness.p99_ms", "<=", 50, null);
        goal(goals, results, "Rebuild at least half the raw rate", "rebuild.ratio", ">=", 0.5,
                fewer(results, "rebuild.events", 1_000_000));
        String members = results.path("users_list").path("members").isNumber()
                && results.path("users_list").path("members").asLong() < 100_000
                ? "measured with " + results.path("users_list").path("members").asLong()
                + " members, not 100,000: indicative only" : null;
        goal(goals, results, "Users list p99 at most 10 ms (100,000 members)", "users_list.p99_ms", "<=", 10, members);
        goal(goals, results, "Users list with search p99 at most 10 ms (100,000 members)", "users_list_search.p99_ms",
                "<=", 10, members);
        goal(goals, results, "Activity at least 5,000 visits/s while commands run", "activity.per_s", ">=", 5000, null);
        goal(goals, results, "History export at least 100,000 events/s", "history_export.per_s", ">=", 100_000,
                fewer(results, "history_export.events", 1_000_000));
        goal(goals, results, "History export with flat heap", "history_export.heap_flat", "==", 1, null);
        goal(goals, results, "RSS at most 512 MB", "rss_mb", "<=", 512, null);
        goal(goals, results, "Start-up at most 8 s", "startup_s", "<=", 8, null);
        return goals;
    }

    /** A note when the figure was measured on fewer items than the issue asks for. */
    private static String fewer(ObjectNode results, String key, long wanted) {
        JsonNode n = at(results, key);
        return n.isNumber() && n.asLong() < wanted ? "measured with " + n.asLong() + ", not " + wanted
                + ": indicative only" : null;
    }

    static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static void goal(ArrayNode goals, ObjectNode results, String text, String key, String op, double target,
                             String note) {
        ObjectNode g = goals.addObject();
        g.put("goal", text);
        g.put("key", key);
        g.put("target", op.equals("==") ? "true"
                : op + " " + (target == Math.rint(target) ? Long.toString((long) target) : Double.toString(target)));
        JsonNode value = at(results, key);
        if (value.isBoolean()) {
            g.put("value", value.asBoolean());
            g.put("result", value.asBoolean() ? "pass" : "fail");
        } else if (!value.isNumber()) {
            g.putNull("value");
            g.put("result", "not_measured");
            String parent = key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'));
            String field = key.substring(key.lastIndexOf('.') + 1);
            String why = at(results, parent).path("not_available").asText(null);
            if (why == null) why = at(results, parent).path(field + "_note").asText(null);
            if (why != null) g.put("note", why);
        } else {
            double v = value.asDouble();
            boolean pass = switch (op) {
                case ">=" -> v >= target;
                case "<=" -> v <= target;
                default -> v == target;
            };
            g.put("value", v);
            g.put("result", pass ? "pass" : "fail");
        }
        if (note != null) g.put("note", note);
    }
}
