package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database did per request over a measurement: committed transactions ({@code pg_stat_database}), WAL
 * flushes to disk ({@code pg_stat_wal.wal_sync}: the durable commits, after group commit), and, where the
 * server has {@code pg_stat_statements} loaded, every statement's calls per request (the round trips; the
 * background's statements are included, as they share the server).
 */
final class PgCounters {

    private record Snapshot(long commits, long walSyncs, Map<String, long[]> calls, Map<String, String> text) {
    }

    private final BenchContext ctx;
    private Snapshot before;

    PgCounters(BenchContext ctx) {
        this.ctx = ctx;
    }

    void start() {
        before = snapshot();
    }

    void stop(ObjectNode into, long requests, boolean statements) {
        Snapshot after = snapshot();
        if (before == null || after == null || requests <= 0) return;
        BenchContext.number(into, "pg_commits_per_request", (after.commits - before.commits) / (double) requests);
        if (after.walSyncs >= 0 && before.walSyncs >= 0) {
            BenchContext.number(into, "pg_wal_syncs_per_request", (after.walSyncs - before.walSyncs) / (double) requests);
        }
        if (!statements || after.calls.isEmpty()) return;
        List<Map.Entry<String, Double>> deltas = new ArrayList<>();
        double total = 0;
        for (var e : after.calls.entrySet()) {
            long[] was = before.calls.getOrDefault(e.getKey(), new long[]{0});
            double per = (e.getValue()[0] - was[0]) / (double) requests;
            if (per > 0) {
                deltas.add(Map.entry(e.getKey(), per));
                total += per;
            }
        }
        deltas.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        BenchContext.number(into, "pg_statements_per_request", total);
        ArrayNode top = into.putArray("pg_statements");
        for (var d : deltas.subList(0, Math.min(30, deltas.size()))) {
            if (d.getValue() < 0.01) break;
            ObjectNode row = top.addObject();
            BenchContext.number(row, "per_request", d.getValue());
            String q = after.text.get(d.getKey()).replaceAll("\\s+", " ");
            row.put("query", q.length() > 160 ? q.substring(0, 160) + "…" : q);
        }
    }

    private Snapshot snapshot() {
        try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
            long commits;
            try (ResultSet rs = s.executeQuery("SELECT sum(xact_commit) FROM pg_stat_database")) {
                rs.next();
                commits = rs.getLong(1);
            }
            long walSyncs = -1;
            try (ResultSet rs = s.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
                if (rs.next()) walSyncs = rs.getLong(1);
            } catch (Exception ignored) {
                // before PostgreSQL 14
            }
            Map<String, long[]> calls = new HashMap<>();
            Map<String, String> text = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT queryid::text || '/' || userid::text || '/' || dbid::text, "
                    + "calls, query FROM pg_stat_statements")) {
                while (rs.next()) {
                    calls.put(rs.getString(1), new long[]{rs.getLong(2)});
                    text.put(rs.getString(1), rs.getString(3));
                }
            } catch (Exception ignored) {
                // pg_stat_statements is not loaded on this server
            }
            return new Snapshot(commits, walSyncs, calls, text);
        } catch (Exception e) {
            return null;
        }
    }
}
