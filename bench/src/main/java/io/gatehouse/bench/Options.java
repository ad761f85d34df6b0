package io.gatehouse.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Command-line options of {@code run}, and the sizes of each mode (quick or full). */
public final class Options {

    String baseUrl = "http://127.0.0.1:18080";
    String jdbcUrl;
    String jdbcUser = "postgres";
    String jdbcPassword = "";
    Path privateKey;
    Long servicePid;
    boolean quick;
    Path out = Path.of("bench/results/latest.json");
    Double startupS;
    Double startupAppS;
    String dbMode = "embedded";
    String serviceJavaOpts = "";
    /** Scenario keys to run; empty means all. */
    Set<String> only = new LinkedHashSet<>();
    Integer membersOverride;
    String gitRev;

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o.quick = true;
                case "--full" -> o.quick = false;
                case "--base-url" -> o.baseUrl = args[++i];
                case "--jdbc-url" -> o.jdbcUrl = args[++i];
                case "--jdbc-user" -> o.jdbcUser = args[++i];
                case "--jdbc-password" -> o.jdbcPassword = args[++i];
                case "--private-key" -> o.privateKey = Path.of(args[++i]);
                case "--service-pid" -> o.servicePid = Long.parseLong(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--startup-s" -> o.startupS = Double.parseDouble(args[++i]);
                case "--startup-app-s" -> o.startupAppS = args[++i].isBlank() ? null : Double.parseDouble(args[i]);
                case "--db-mode" -> o.dbMode = args[++i];
                case "--service-java-opts" -> o.serviceJavaOpts = args[++i];
                case "--only" -> o.only.addAll(Set.of(args[++i].split(",")));
                case "--members" -> o.membersOverride = Integer.parseInt(args[++i]);
                case "--git-rev" -> o.gitRev = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.jdbcUrl == null || o.privateKey == null) {
            throw new IllegalArgumentException("--jdbc-url and --private-key are required");
        }
        String host = URI.create(o.baseUrl).getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the benchmark only drives a service on 127.0.0.1, not " + host);
        }
        return o;
    }

    boolean runs(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    // ---- sizes: every loop below is bounded by both a count and a time ----

    /** Seconds of warm-up (c16 command mix, not recorded) before the first measured level. */
    int warmupSeconds() {
        return quick ? 2 : 10;
    }

    /** Seconds per concurrency level of the command mix. */
    int commandSeconds() {
        return quick ? 3 : 20;
    }

    /** Seconds per concurrency level of the raw append loop. */
    java.time.Duration rawAppendTime() {
        return java.time.Duration.ofMillis(quick ? 1500 : 8000);
    }

    /** Upper bound of commands per level (also sizes the directory pool). */
    int maxCommandsPerLevel() {
        return quick ? 12_000 : 40_000;
    }

    /** Members seeded into the Users list account. */
    int listMembers() {
        return membersOverride != null ? membersOverride : quick ? 10_000 : 100_000;
    }

    /** When the load generator started (System.nanoTime()), for {@link #secondsLeft()}. */
    long startNanos = System.nanoTime();

    /** The load generator's own time budget; bench/run adds start-up, shut-down and builds. */
    int budgetSeconds() {
        return quick ? 95 : 540;
    }

    double secondsLeft() {
        return budgetSeconds() - (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Time budget of seeding the Users list through the API; seeding stops early when it runs out, leaving
     * time for the queries and the scenarios after it.
     */
    int seedBudgetSeconds() {
        int reserve = quick ? 20 : 200;
        return (int) Math.max(10, Math.min(quick ? 35 : 240, secondsLeft() - reserve));
    }

    /** Upper bound of the time spent on one kind of Users list query (service and raw together). */
    int listSecondsPerKind() {
        return quick ? 2 : 30;
    }

    int seedClients() {
        return 2;
    }

    /** Measured queries per kind of Users list request (after warm-up). */
    int listSamples() {
        return quick ? 200 : 1000;
    }
}
