package io.gatehouse.cluster;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** One Gatehouse process started from its runnable jar with {@code java -jar} and Spring Boot properties only. */
final class Node implements AutoCloseable {

    private static final Path JARS = Path.of(System.getProperty("gatehouse.jars", "..")).toAbsolutePath().normalize();

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private Node(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static Node start(String name, String jar, String databaseUrl, String secretsKey, List<String> jvmOptions,
                      List<String> properties) {
        try {
            int port = freePort();
            Path dir = Path.of("target", "cluster", name).toAbsolutePath();
            Files.createDirectories(dir);
            Path log = dir.resolve("out.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", JARS.resolve(jar).toString(),
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--spring.datasource.url=" + databaseUrl,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.hikari.maximum-pool-size=8",
                    "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + TestTokens.PUBLIC_KEY,
                    "--gatehouse.secrets.key=" + secretsKey,
                    "--gatehouse.cluster.name=cluster-it",
                    "--gatehouse.cluster.failure-detection-timeout=PT3S",
                    "--db-scheduler.polling-interval=200ms",
                    "--gatehouse.directory.retry.first-delay=PT0.2S",
                    "--logging.level.org.jgroups=WARN"));
            command.addAll(properties);
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Node(name, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Api api() {
        return new Api(port);
    }

    /** Waits until the node answers its health endpoint UP. */
    Node ready(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting:\n" + tail());
            }
            try {
                Api.Answer health = api().anonymous().get("/actuator/health");
                if (health.status() == 200) return this;
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready in " + within + ":\n" + tail());
    }

    /** kill -9: no shutdown hook, no goodbye to the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    /** Ports handed to nodes of this run: a node whose port another one has would look ready by the other's health. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A free port not handed to another node of the run, below the kernel's ephemeral range (from 32768 on Linux)
     * that outbound connections draw from: {@code ServerSocket(0)} once gave query-b and the sync node the same
     * port; the sync node did not start, and query-b's health answered for it.
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (!HANDED_OUT.add(port)) continue;
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("No free port between 20000 and 32000");
    }
}
