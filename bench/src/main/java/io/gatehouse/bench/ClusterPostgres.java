package io.gatehouse.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code postgres <data-dir>}: the cluster run's database. An embedded PostgreSQL belongs to one service process
 * and turns clustering off, so for the cluster the bench starts its own server, from the same Maven binaries
 * (io.zonky, PostgreSQL 17) and with the same settings as the service's embedded one
 * ({@code EmbeddedPostgresEnvironment}: durable, {@code max_connections=200}), in a fresh data directory. It
 * prints {@code port <n>} once it accepts connections (PostgreSQL also writes the port to line 4 of
 * {@code <data-dir>/postmaster.pid}) and runs until it is sent SIGTERM, then stops the server.
 */
final class ClusterPostgres {

    private ClusterPostgres() {
    }

    static void run(Path dataDir) throws Exception {
        Files.createDirectories(dataDir.toAbsolutePath().getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.toAbsolutePath())
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("log_min_error_statement", "panic")
                .setServerConfig("log_error_verbosity", "terse")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "bench-postgres-stop"));
        System.out.println("port " + postgres.getPort());
        System.out.flush();
        stopped.await();
    }
}
