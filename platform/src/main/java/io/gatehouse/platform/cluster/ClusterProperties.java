package io.gatehouse.platform.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How Gatehouse processes form one cluster: JGroups over TCP, members discovered through the shared
 * PostgreSQL ({@code jgroups_ping}), so processes on one database find each other with nothing else to set.
 *
 * @param enabled      join the cluster (off with the embedded PostgreSQL, which belongs to one process)
 * @param name         the cluster: one per database
 * @param bindAddress  the interface JGroups listens on: an address, a host name or one of JGroups' keywords
 *                     ({@code SITE_LOCAL}, {@code NON_LOOPBACK}, {@code match-interface:eth.*}); loopback by
 *                     default, so nothing is reachable from outside until an operator says so
 * @param bindPort     first TCP port tried; the next {@code portRange} ports are tried after it
 * @param portRange    how many ports after {@code bindPort} may be taken (several nodes on one machine)
 * @param failureDetectionTimeout after how long without a heartbeat a node is suspected and dropped
 * @param joinTimeout  how long start-up waits to join before going on (alone, if nobody answers)
 * @param key          the key every message between nodes is encrypted with (AES, base64 of 32 bytes); if unset,
 *                     derived from {@code gatehouse.secrets.key}, which every node shares already
 */
@ConfigurationProperties("gatehouse.cluster")
public record ClusterProperties(Boolean enabled, String name, String bindAddress, Integer bindPort, Integer portRange,
                                Duration failureDetectionTimeout, Duration joinTimeout, String key) {

    public ClusterProperties {
        enabled = enabled == null || enabled;
        name = name == null ? "gatehouse" : name;
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        bindPort = bindPort == null ? 7800 : bindPort;
        portRange = portRange == null ? 50 : portRange;
        failureDetectionTimeout = failureDetectionTimeout == null ? Duration.ofSeconds(10) : failureDetectionTimeout;
        joinTimeout = joinTimeout == null ? Duration.ofSeconds(10) : joinTimeout;
    }
}
