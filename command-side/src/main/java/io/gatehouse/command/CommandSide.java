package io.gatehouse.command;

import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.eventstore.ProcessorClaims;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The command side: account and membership aggregates, their HTTP commands, and the lookups that keep
 * commands consistent (one membership per directory object, who is a Manager).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = CommandSide.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class CommandSide {

    /** Lookups are written in the command's own transaction; a failure there must fail the command. */
    public static final String LOOKUPS = "command-lookups";

    @Autowired
    public void configure(EventProcessingConfigurer processing, ProcessorClaims claims) {
        processing.registerSubscribingEventProcessor(LOOKUPS)
                .registerListenerInvocationErrorHandler(LOOKUPS, c -> PropagatingErrorHandler.instance())
                // the tenant-removal policy acts on what happens from now on, not on history
                .registerTrackingEventProcessorConfiguration("tenant-removal", c -> claims.tracking(
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }

    /**
     * Members not in memory ({@link #membershipCache}) are loaded from a snapshot taken every
     * {@code gatehouse.command.snapshot-every} events, so a busy member does not replay its whole life. A snapshot is
     * taken on the command's thread after its commit: at every 50th event it was 9% of the command path's CPU,
     * though most members are loaded from memory.
     */
    @Bean
    public org.axonframework.eventsourcing.SnapshotTriggerDefinition membershipSnapshotTrigger(
            org.axonframework.eventsourcing.Snapshotter snapshotter,
            @org.springframework.beans.factory.annotation.Value("${gatehouse.command.snapshot-every:200}") int every) {
        return new org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /**
     * Members stay in memory between their commands ({@link io.gatehouse.platform.eventstore.AggregateCache}); each
     * use first checks the copy against the member's last sequence number (the one the command's sender read with
     * the caller's standing, else one index look-up), so a copy that another node, or anything else, overtook is
     * reloaded.
     */
    @Bean
    public org.axonframework.common.caching.Cache membershipCache(
            org.springframework.jdbc.core.JdbcTemplate jdbc,
            @org.springframework.beans.factory.annotation.Value("${gatehouse.command.member-cache-size:5000}") int size) {
        return new io.gatehouse.platform.eventstore.AggregateCache(size, jdbc, true);
    }

    @Bean
    public AccessPolicy commandAccessPolicy(CommandLookups lookups) {
        return new AccessPolicy(lookups);
    }
}
