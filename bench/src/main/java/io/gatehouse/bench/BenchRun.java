package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Runs the scenarios in order, then computes goals, writes latest.json and prints the table. */
final class BenchRun {

    private final Options options;

    BenchRun(Options options) {
        this.options = options;
    }

    /** The measurements, in the order they run. Add new ones here. */
    static List<Scenario> scenarios() {
        return List.of(
                new DirectoryApiProbe(),
                new CommandsScenario(),
                new FreshnessScenario(),
                new OptionalScenario(new ActivityScenario(), "/api/v1/accounts/{accountId}/activity",
                        keys("activity", List.of("per_s", "ratio"), "raw_activity", List.of("per_s"))),
                new UsersListScenario(),
                new OptionalScenario(new HistoryExportScenario(), "/api/v1/accounts/{accountId}/history",
                        keys("history_export", List.of("per_s", "heap_mb", "heap_flat", "events", "ratio"),
                                "raw_history_export", List.of("per_s"))),
                new OptionalScenario(new RebuildScenario(), "/api/v1/admin/projections",
                        keys("rebuild", List.of("per_s", "ratio", "events"), "raw_rebuild", List.of("per_s"))));
    }

    private static Map<String, List<String>> keys(Object... pairs) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked") List<String> fields = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], fields);
        }
        return map;
    }

    int run() throws Exception {
        long started = System.nanoTime();
        ObjectNode results = Http.JSON.createObjectNode();
        results.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.put("mode", options.quick ? "quick" : "full");
        results.set("machine", machine());
        results.put("topology", options.topology);
        Http http = new Http(options.writeUrls, options.baseUrl);
        for (String url : options.writeUrls) {
            new Http(url).get("/actuator/health", null, Map.of()).expect(200);
        }
        http.get("/actuator/health", null, Map.of()).expect(200);
        Tokens tokens = new Tokens(Keys.readPrivateKey(options.privateKey));
        boolean failed = false;
        try (ResourceSampler sampler = new ResourceSampler(options.servicePids, http)) {
            BenchContext ctx = new BenchContext(options, http, tokens, sampler);
            results.set("database", database(ctx));
            ObjectNode service = results.putObject("service");
            service.put("base_url", options.baseUrl);
            if (!options.writeUrls.equals(List.of(options.baseUrl))) {
                var writes = service.putArray("write_urls");
                options.writeUrls.forEach(writes::add);
                service.put("routing", "GET to base_url, other methods round-robin over write_urls");
            }
            if (options.clusterName != null) {
                service.put("cluster_name", options.clusterName);
                BenchContext.number(service, "cluster_formed_s", awaitCluster(ctx));
            }
            service.put("java_opts", options.serviceJavaOpts);
            if (options.gitRev != null) service.put("git_rev", options.gitRev);
            if (options.servicePids.isEmpty()) {
                ctx.notes.add("no --service-pid: RSS not measured");
            }
            putNumber(results, "startup_s", options.startupS);
            putNumber(results, "startup_app_s", options.startupAppS);
            if (options.startupClusterS != null) putNumber(results, "startup_cluster_s", options.startupClusterS);
            if (options.servicePids.size() > 1) {
                ctx.notes.add("rss_mb, rss_idle_mb and rss_hwm_mb are sums over the " + options.servicePids.size()
                        + " service processes; heap figures are the query node's");
            }
            results.putNull("rss_mb");
            sampler.start(ctx.ownerToken);
            BenchContext.number(results, "rss_idle_mb", sampler.currentRss());

            long loadFrom = System.nanoTime();
            for (Scenario scenario : scenarios()) {
                if (!options.runs(scenario.name())) continue;
                System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, scenario.name());
                try {
                    scenario.run(ctx, results);
                } catch (Exception | AssertionError e) {
                    failed = true;
                    e.printStackTrace();
                    ObjectNode error = results.withArray("errors").addObject();
                    error.put("scenario", scenario.name());
                    error.put("error", String.valueOf(e.getMessage()));
                }
            }
            long loadTo = System.nanoTime();
            BenchContext.number(results, "rss_mb", sampler.peakRss(loadFrom, loadTo));
            BenchContext.number(results, "rss_hwm_mb", sampler.rssMb("VmHWM"));
            BenchContext.number(results, "heap_peak_mb", sampler.peakHeap(loadFrom, loadTo));
            try {
                RawAppend.dropTables(ctx);
                try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS gatehouse_bench_stack CASCADE");   // the stack baseline's
                }
            } catch (Exception ignored) {
                // best effort
            }
            results.set("goals", Goals.evaluate(results));
            ctx.notes.add("load average at the end: " + loadAverage());
            var notes = results.putArray("notes");
            ctx.notes.forEach(notes::add);
        }
        BenchContext.number(results, "duration_s", (System.nanoTime() - started) / 1e9);
        // keep goals and notes at the end of the file
        results.set("goals", results.remove("goals"));
        results.set("notes", results.remove("notes"));
        if (results.has("errors")) results.set("errors", results.remove("errors"));
        Path out = options.out.toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
        if (!options.noTable) Report.print(results, System.out);
        System.out.println("wrote " + out);
        return failed ? 1 : 0;
    }

    /**
     * Waits (up to 60 s) until {@code jgroups_ping} lists {@code --cluster-members} processes of the cluster, so
     * that the first commands are not measured while the nodes are still finding each other; the seconds it
     * took, or -1.
     */
    private double awaitCluster(BenchContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        int seen = -1;
        while (System.nanoTime() - start < 60_000_000_000L) {
            try (Connection c = ctx.connect();
                 java.sql.PreparedStatement s = c.prepareStatement(
                         "SELECT count(*) FROM jgroups_ping WHERE cluster_name = ?")) {
                s.setString(1, options.clusterName);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    seen = rs.getInt(1);
                }
            } catch (Exception e) {
                seen = -1;
            }
            if (seen >= options.clusterMembers) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(200);
        }
        ctx.notes.add("jgroups_ping listed " + seen + " of " + options.clusterMembers + " cluster members after 60 s");
        return -1;
    }

    private static void putNumber(ObjectNode node, String key, Double value) {
        if (value == null) node.putNull(key);
        else BenchContext.number(node, key, value);
    }

    private ObjectNode machine() {
        ObjectNode m = Http.JSON.createObjectNode();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("memory_mb", meminfo("MemTotal"));
        m.put("cpu_model", cpuModel());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("load_average_at_start", loadAverage());
        return m;
    }

    private ObjectNode database(BenchContext ctx) {
        ObjectNode db = Http.JSON.createObjectNode();
        db.put("mode", options.dbMode);
        db.put("jdbc_url", options.jdbcUrl.replaceAll("password=[^&]*", "password=***"));
        try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
            for (String setting : List.of("server_version", "synchronous_commit", "fsync", "shared_buffers",
                    "max_connections")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    db.put(setting, rs.getString(1));
                }
            }
        } catch (Exception e) {
            db.put("error", e.getMessage());
        }
        return db;
    }

    private static long meminfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
