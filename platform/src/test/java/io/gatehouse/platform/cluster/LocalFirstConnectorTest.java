package io.gatehouse.platform.cluster;

import io.gatehouse.platform.testing.TestDatabases;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.crypto.SecretKey;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on real JGroups: a command the consistent hash gives to the sending node is handled right there, on the
 * sender's thread, without crossing the channel; a command the other node owns still crosses to it.
 */
class LocalFirstConnectorTest {

    /** A command routed by member, as Gatehouse's are. */
    public record Ping(@TargetAggregateIdentifier String memberId) {
    }

    /** Which node handled a command, on which thread. */
    public record Handled(String node, String thread) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private DataSource database;
    private ClusterProperties cluster;
    private SecretKey key;

    private record Node(String name, JChannel channel, JGroupsConnector connector, DistributedCommandBus bus) {
    }

    @BeforeEach
    void database() {
        String url = TestDatabases.fresh("local_first_" + System.nanoTime());
        database = new DriverManagerDataSource(url, TestDatabases.user(), TestDatabases.password());
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        cluster = new ClusterProperties(true, "local-first-test-" + System.nanoTime(), "127.0.0.1", 7960, 40,
                Duration.ofSeconds(3), Duration.ofSeconds(2), null);
        key = ClusterKey.of(null, Base64.getEncoder().encodeToString(new byte[32]), Path.of("target", "none.key"));
    }

    @AfterEach
    void stop() {
        nodes.forEach(node -> node.connector().disconnect());
        nodes.forEach(node -> node.channel().close());
    }

    @Test
    void aCommandThisNodeOwnsIsHandledOnTheCallersThreadAndOthersCrossToTheirOwner() throws Exception {
        Node first = node("first");
        Node second = node("second");
        await().atMost(Duration.ofSeconds(30)).until(() -> owners(first) == 2 && owners(second) == 2);

        int here = 0;
        int there = 0;
        for (int i = 0; i < 40; i++) {
            CommandMessage<Ping> ping = GenericCommandMessage.asCommandMessage(new Ping("member-" + i));
            Member owner = first.connector().findDestination(ping).orElseThrow();
            boolean ownedByFirst = owner.getConnectionEndpoint(Address.class).orElseThrow()
                    .equals(first.channel().getAddress());

            FutureCallback<Ping, Handled> answer = new FutureCallback<>();
            first.bus().dispatch(ping, answer);
            Handled handled = answer.getResult(10, TimeUnit.SECONDS).getPayload();

            if (ownedByFirst) {
                here++;
                assertThat(handled).isEqualTo(new Handled("first", Thread.currentThread().getName()));
            } else {
                there++;
                assertThat(handled.node()).isEqualTo("second");
            }
        }
        // both paths were taken: the hash spreads 40 members over the two nodes
        assertThat(here).isPositive();
        assertThat(there).isPositive();
    }

    /** How many nodes own the 40 members, as this node's consistent hash sees it. */
    private static long owners(Node node) {
        return java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> node.connector().findDestination(GenericCommandMessage.asCommandMessage(
                        new Ping("member-" + i))))
                .flatMap(java.util.Optional::stream)
                .map(member -> member.getConnectionEndpoint(Address.class).orElseThrow())
                .distinct().count();
    }

    private Node node(String name) throws Exception {
        JChannel channel = ClusterConfiguration.channel(cluster, database, key);
        SimpleCommandBus localSegment = SimpleCommandBus.builder().build();
        JGroupsConnector connector = JGroupsConnector.builder()
                .localSegment(localSegment)
                .channel(channel)
                .clusterName(cluster.name())
                .serializer(JacksonSerializer.defaultSerializer())
                .routingStrategy(AnnotationRoutingStrategy.defaultStrategy())
                .build();
        DistributedCommandBus bus = DistributedCommandBus.builder()
                .commandRouter(connector)
                .connector(new LocalFirstConnector(connector, localSegment, channel))
                .build();
        bus.subscribe(Ping.class.getName(), command -> new Handled(name, Thread.currentThread().getName()));
        connector.connect();
        assertThat(connector.awaitJoined(20, TimeUnit.SECONDS)).isTrue();
        Node node = new Node(name, channel, connector, bus);
        nodes.add(node);
        return node;
    }
}
