package io.gatehouse.platform.cluster;

import io.gatehouse.platform.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.crypto.SecretKey;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share the secrets key form one cluster; a process on the same database without it can neither join
 * nor get a message (a command) through to a node.
 */
class ClusterEncryptionTest {

    private static final Path NO_FILE = Path.of("target", "no-such-secrets.key");

    private final String secretsKey = Base64.getEncoder().encodeToString(new byte[32]);
    private final String otherSecretsKey = Base64.getEncoder().encodeToString("another 32-byte secret key......"
            .getBytes(StandardCharsets.US_ASCII));
    private final List<JChannel> nodes = new ArrayList<>();
    private final List<String> receivedByFirst = Collections.synchronizedList(new ArrayList<>());
    private DataSource database;
    private ClusterProperties cluster;

    @BeforeEach
    void database() {
        String url = TestDatabases.fresh("cluster_encryption_" + System.nanoTime());
        database = new DriverManagerDataSource(url, TestDatabases.user(), TestDatabases.password());
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        cluster = new ClusterProperties(true, "encryption-test-" + System.nanoTime(), "127.0.0.1", 7900, 50,
                Duration.ofSeconds(3), Duration.ofSeconds(2), null);
    }

    @AfterEach
    void stop() {
        nodes.forEach(JChannel::close);
    }

    @Test
    void nodesWithTheSameSecretsKeyFormOneClusterAndOutsidersStayOut() throws Exception {
        JChannel first = node(ClusterKey.of(null, secretsKey, NO_FILE));
        first.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                receivedByFirst.add(new String(message.getBuffer(), StandardCharsets.UTF_8));
            }
        });
        JChannel second = node(ClusterKey.of(null, secretsKey, NO_FILE));
        await().atMost(Duration.ofSeconds(20)).until(() -> first.getView().size() == 2);

        JChannel outsider = node(ClusterKey.of(null, otherSecretsKey, NO_FILE));

        assertThat(first.getView().getMembers()).containsExactlyInAnyOrder(first.getAddress(), second.getAddress());
        assertThat(outsider.getView().getMembers()).containsExactly(outsider.getAddress());

        second.send(first.getAddress(), "from a node".getBytes(StandardCharsets.UTF_8));
        outsider.send(first.getAddress(), "from an outsider".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedByFirst.contains("from a node"));
        Thread.sleep(1_000);

        assertThat(receivedByFirst).containsExactly("from a node");
    }

    @Test
    void theClusterKeyIsItsOwnNotTheSecretsKey() {
        SecretKey derived = ClusterKey.of(null, secretsKey, NO_FILE);

        assertThat(derived.getEncoded()).hasSize(32).isNotEqualTo(Base64.getDecoder().decode(secretsKey));
        assertThat(ClusterKey.of(null, secretsKey, NO_FILE).getEncoded()).isEqualTo(derived.getEncoded());
        assertThat(ClusterKey.of(otherSecretsKey, secretsKey, NO_FILE).getEncoded())
                .isEqualTo(Base64.getDecoder().decode(otherSecretsKey));
    }

    private JChannel node(SecretKey key) throws Exception {
        JChannel channel = ClusterConfiguration.channel(cluster, database, key);
        nodes.add(channel);
        channel.connect(cluster.name());
        return channel;
    }
}
