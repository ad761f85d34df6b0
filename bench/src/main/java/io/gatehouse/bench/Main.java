package io.gatehouse.bench;

import java.nio.file.Path;

/**
 * Entry point of the load generator.
 * <ul>
 *   <li>{@code keygen <dir>}: writes {@code private.pem} (PKCS#8) and {@code public.pem} (X.509) for the service's
 *   {@code spring.security.oauth2.resourceserver.jwt.public-key-location};</li>
 *   <li>{@code run [options]}: runs the scenarios against a running service or cluster (see {@link Options});</li>
 *   <li>{@code postgres <data-dir>}: runs a fresh embedded PostgreSQL for a cluster until SIGTERM
 *   ({@link ClusterPostgres});</li>
 *   <li>{@code combine --out <json> [--all-in-one <json>] [--cluster <json>]}: puts the runs of both topologies
 *   into one latest.json and prints them side by side ({@link Combine}).</li>
 *   <li>{@code privacy-cost [options]}: what encrypting personal data costs, against two running services, one with
 *   encryption and one without ({@link PrivacyCost}).</li>
 * </ul>
 * {@code ./bench/run} does both; it is the way to use this.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("keygen")) {
            Keys.generate(Path.of(args[1]));
            return;
        }
        if (args.length >= 2 && args[0].equals("postgres")) {
            ClusterPostgres.run(Path.of(args[1]));
            return;
        }
        if (args.length >= 1 && args[0].equals("combine")) {
            System.exit(Combine.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("privacy-cost")) {
            System.exit(PrivacyCost.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("run")) {
            Options options = Options.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
            int status = new BenchRun(options).run();
            System.exit(status);
        }
        System.err.println("usage: gatehouse-bench keygen <dir> | postgres <data-dir> | combine --out <json> "
                + "[--all-in-one <json>] [--cluster <json>] | run --base-url http://127.0.0.1:18080 "
                + "--jdbc-url <url> --private-key <pem> [--quick] [--service-pid <pid>] [--startup-s <s>] [--out <json>]");
        System.exit(2);
    }
}
