package io.gatehouse.platform.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL;
import org.jgroups.protocols.FD_SOCK;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.JDBC_PING;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.util.StackType;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.crypto.SecretKey;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Commands cross processes on Axon's {@link DistributedCommandBus} over its JGroups extension: every node
 * announces the commands it handles, and each command goes to the node that owns its routing key
 * ({@code @TargetAggregateIdentifier}, so one node handles a member's stream at a time) on a consistent hash.
 * Nodes that handle no command (query, directory sync) join to send theirs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@ConditionalOnProperty(name = "gatehouse.cluster.enabled", havingValue = "true", matchIfMissing = true)
public class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    @Bean(destroyMethod = "close")
    public JChannel clusterChannel(ClusterProperties cluster, DataSource dataSource,
                                   @Value("${gatehouse.secrets.key:}") String secretsKey,
                                   @Value("${gatehouse.secrets.key-file:data/secrets.key}") Path secretsKeyFile)
            throws Exception {
        return channel(cluster, dataSource, ClusterKey.of(cluster.key(), secretsKey, secretsKeyFile));
    }

    /**
     * The channel: TCP, discovery through the database, and every message between nodes encrypted with the
     * cluster's key, so that a process without it can neither join nor send a command (commands are authorized at
     * the HTTP edge, not again where they are handled).
     */
    static JChannel channel(ClusterProperties cluster, DataSource dataSource, SecretKey clusterKey) throws Exception {
        TCP tcp = new TCP()
                .setBindAddress(Util.getAddress(cluster.bindAddress(), StackType.IPv4))
                .setBindPort(cluster.bindPort())
                .setPortRange(cluster.portRange());
        JDBC_PING discovery = new JDBC_PING();
        discovery.setDataSource(dataSource);
        // the table is Flyway's (jgroups_ping); the coordinator rewrites it on each view, dropping dead nodes
        discovery.setValue("initialize_sql", "")
                .setValue("insert_single_sql",
                        "INSERT INTO jgroups_ping (own_addr, cluster_name, ping_data) VALUES (?, ?, ?)")
                .setValue("delete_single_sql", "DELETE FROM jgroups_ping WHERE own_addr = ? AND cluster_name = ?")
                .setValue("clear_sql", "DELETE FROM jgroups_ping WHERE cluster_name = ?")
                .setValue("select_all_pingdata_sql",
                        "SELECT ping_data, own_addr, cluster_name FROM jgroups_ping WHERE cluster_name = ?")
                .setValue("contains_sql", "SELECT count(own_addr) AS RECORDCOUNT FROM jgroups_ping "
                        + "WHERE cluster_name = ? AND own_addr = ?")
                .setValue("remove_all_data_on_view_change", true);
        long timeout = cluster.failureDetectionTimeout().toMillis();
        return new JChannel(tcp, discovery, new MERGE3(), new FD_SOCK(),
                new FD_ALL().setValue("timeout", timeout).setValue("interval", Math.max(500, timeout / 4)),
                new VERIFY_SUSPECT(), encryption(clusterKey), new NAKACK2(), new UNICAST3(), new STABLE(),
                new GMS().setValue("join_timeout", cluster.joinTimeout().toMillis() / 2),
                new MFC(), new FRAG2());
    }

    /** Below NAKACK2 and UNICAST3, so that retransmissions are encrypted too (JGroups' own advice). */
    private static SYM_ENCRYPT encryption(SecretKey clusterKey) {
        SYM_ENCRYPT encrypt = new SYM_ENCRYPT();
        encrypt.setValue("sym_algorithm", "AES/CBC/PKCS5Padding").setValue("sym_iv_length", 16)
                .setValue("encrypt_entire_message", true);
        encrypt.setSecretKey(clusterKey);
        return encrypt;
    }

    @Bean
    public JGroupsConnector clusterConnector(JChannel clusterChannel, ClusterProperties cluster,
                                             @Qualifier("localSegment") SimpleCommandBus localSegment,
                                             @Qualifier("messageSerializer") Serializer serializer,
                                             org.axonframework.config.Configuration axon) {
        return JGroupsConnector.builder()
                .localSegment(localSegment)
                .channel(clusterChannel)
                .clusterName(cluster.name())
                .serializer(serializer)
                .routingStrategy(AnnotationRoutingStrategy.defaultStrategy())
                .spanFactory(axon.spanFactory())
                .build();
    }

    @Bean
    @Primary
    public DistributedCommandBus distributedCommandBus(JGroupsConnector connector, JChannel clusterChannel,
                                                       @Qualifier("localSegment") SimpleCommandBus localSegment,
                                                       org.axonframework.config.Configuration axon) {
        DistributedCommandBus bus = DistributedCommandBus.builder()
                .commandRouter(connector)
                .connector(new LocalFirstConnector(connector, localSegment, clusterChannel))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "distributedCommandBus"))
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .build();
        bus.updateLoadFactor(100);
        return bus;
    }

    /** Joins the cluster before Axon starts, and leaves it after Axon has stopped. */
    @Bean
    public SmartLifecycle clusterMembership(JGroupsConnector connector, ClusterProperties cluster) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                try {
                    connector.connect();
                    if (!connector.awaitJoined(cluster.joinTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                        log.warn("Not joined to cluster {} after {}; going on", cluster.name(), cluster.joinTimeout());
                    }
                    log.info("Joined cluster {} as {}", cluster.name(), connector.getNodeName());
                    running = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    throw new IllegalStateException("Could not join cluster " + cluster.name(), e);
                }
            }

            @Override
            public void stop() {
                connector.disconnect();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // below Axon's: joined before its handlers subscribe (they announce themselves as they do), and
                // left only after its processors have stopped, so a saga's last outcome still reaches a node
                return SpringAxonConfiguration.LIFECYCLE_PHASE - 1024;
            }
        };
    }
}
