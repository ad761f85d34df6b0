package io.gatehouse.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line options of {@code run}, and the sizes of each mode (quick or full). */
public final class Options {

    /** Where reads (GET) go: the all-in-one, or the cluster's query node. */
    String baseUrl = "http://127.0.0.1:18080";
    /** Where writes go, round-robin; empty: {@link #baseUrl}. */
    List<String> writeUrls = new ArrayList<>();
    /** {@code all-in-one} or {@code cluster}: a label in latest.json and the table. */
    String topology = "all-in-one";
    /** The JGroups cluster name, to wait until {@link #clusterMembers} processes are in {@code jgroups_ping}. */
    String clusterName;
    int clusterMembers;
    Double startupClusterS;
    Integer budgetOverride;
    /** Do not print the table (bench/run prints the topologies side by side with {@code combine}). */
    boolean noTable;
    String jdbcUrl;
    String jdbcUser = "postgres";
    String jdbcPassword = "";
    Path privateKey;
    /** The service's JVMs (one, or every node of a cluster): their RSS is summed. */
    List<Long> servicePids = new ArrayList<>();
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
    /** The stack baseline (issue 14), measured beside Gatehouse in the commands scenario; null: not run. */
    String stackUrl;
    /** The stack baseline's JVM and the PostgreSQL server's postmaster: CPU per request (issue 14). */
    Long stackPid;
    /** The framework (Axon) baseline (issue 14), measured beside them; null: not run. */
    String axonUrl;
    Long axonPid;
    /** The commands comparison's longest warm-up per target (issue 14): longer on a machine whose JIT is slow. */
    int accessWarmUpMaxSeconds = AccessComparison.MAX_WARM_UP_SECONDS;
    Long pgPid;
    /** {@code --profile DIR}: a sampling profile of each target after its 16-client access window ({@link Profiler}). */
    Path profileDir;

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
                case "--service-pid" -> {
                    for (String pid : args[++i].split(",")) {
                        if (!pid.isBlank()) o.servicePids.add(Long.parseLong(pid.strip()));
                    }
                }
                case "--write-urls" -> {
                    for (String url : args[++i].split(",")) {
                        if (!url.isBlank()) o.writeUrls.add(url.strip());
                    }
                }
                case "--topology" -> o.topology = args[++i];
                case "--cluster-name" -> o.clusterName = args[++i];
                case "--cluster-members" -> o.clusterMembers = Integer.parseInt(args[++i]);
                case "--startup-cluster-s" -> o.startupClusterS = Double.parseDouble(args[++i]);
                case "--no-table" -> o.noTable = true;
                case "--budget-s" -> o.budgetOverride = Integer.parseInt(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--startup-s" -> o.startupS = Double.parseDouble(args[++i]);
                case "--startup-app-s" -> o.startupAppS = args[++i].isBlank() ? null : Double.parseDouble(args[i]);
                case "--db-mode" -> o.dbMode = args[++i];
                case "--service-java-opts" -> o.serviceJavaOpts = args[++i];
                case "--profile" -> o.profileDir = Path.of(args[++i]);
                case "--only" -> o.only.addAll(Set.of(args[++i].split(",")));
                case "--members" -> o.membersOverride = Integer.parseInt(args[++i]);
                case "--git-rev" -> o.gitRev = args[++i];
                case "--stack-url" -> o.stackUrl = args[++i];
                case "--stack-pid" -> o.stackPid = Long.parseLong(args[++i]);
                case "--axon-url" -> o.axonUrl = args[++i];
                case "--axon-pid" -> o.axonPid = Long.parseLong(args[++i]);
                case "--access-warm-up-max-s" -> o.accessWarmUpMaxSeconds = Integer.parseInt(args[++i]);
                case "--pg-pid" -> o.pgPid = args[++i].isBlank() ? null : Long.parseLong(args[i]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.jdbcUrl == null || o.privateKey == null) {
            throw new IllegalArgumentException("--jdbc-url and --private-key are required");
        }
        if (o.writeUrls.isEmpty()) o.writeUrls.add(o.baseUrl);
        List<String> urls = new ArrayList<>(o.writeUrls);
        urls.add(o.baseUrl);
        if (o.stackUrl != null) urls.add(o.stackUrl);
        if (o.axonUrl != null) urls.add(o.axonUrl);
        for (String url : urls) {
            String host = URI.create(url).getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                throw new IllegalArgumentException("the benchmark only drives a service on 127.0.0.1, not " + host);
            }
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
        if (budgetOverride != null) return budgetOverride;
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
        // what runs after the Users list: history export and rebuild need the full reserve
        boolean more = runs("history_export") || runs("rebuild");
        int reserve = more ? (quick ? 20 : 200) : (quick ? 15 : 60);
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
