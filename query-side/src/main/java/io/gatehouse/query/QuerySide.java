package io.gatehouse.query;

import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.eventstore.AccountSequencingPolicy;
import io.gatehouse.platform.eventstore.ProcessorClaims;
import io.gatehouse.query.activity.ActivityProjection;
import io.gatehouse.query.history.HistoryProjection;
import io.gatehouse.query.projections.AsyncCommits;
import io.gatehouse.query.projections.DeadLetterGuard;
import io.gatehouse.query.projections.HandOverWatch;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionDelay;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.query.projections.SharedProjectionPositions;
import io.gatehouse.platform.eventstore.StoredTokens;
import io.gatehouse.query.userslist.UsersListProjection;
import io.gatehouse.activity.PagesVisited;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import io.gatehouse.query.userslist.UsersListViews;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The query side: projections of the event store into the Users list, and the HTTP queries that read them.
 * Projections are tracking processors whose positions live in PostgreSQL's token_entry, each with a
 * dead-letter queue for the events it cannot handle.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
// every query node watches the rebuild table itself (hand-overs, lost leases): per node, not once per cluster
@org.springframework.scheduling.annotation.EnableScheduling
@ComponentScan(basePackageClasses = QuerySide.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class QuerySide {

    @Autowired
    public void configure(EventProcessingConfigurer processing, List<Projection> projections,
                          ProjectionGenerations generations, DeadLetterQueues deadLetters,
                          PlatformTransactionManager transactions, ProcessorClaims claims, JdbcTemplate jdbc,
                          MeterRegistry meters, @Value("${gatehouse.projections.batch-size:200}") int batchSize) {
        for (Projection projection : projections) {
            String name = projection.name();
            // an event the projection cannot handle is parked, with its account's later events; others go on
            deadLetters.enable(processing, name);
            // tracking processors: the event store wakes them the moment an event is stored (a pooled
            // processor polls every 500 ms once caught up, which read-your-writes would feel)
            processing.registerTrackingEventProcessor(projection.name(), Configuration::eventStore,
                            config -> claims.tracking(TrackingEventProcessorConfiguration
                                    .forParallelProcessing(projection.segments())
                                    .andInitialSegmentsCount(projection.segments())
                                    .andBatchSize(batchSize)))
                    .registerTransactionManager(projection.name(), config -> new AsyncCommits(
                            config.getComponent(org.axonframework.common.transaction.TransactionManager.class), jdbc))
                    .registerSequencingPolicy(projection.name(), config -> projection.sequencing())
                    .registerHandlerInterceptor(name, config -> new ProjectionDelay(name, meters, Clock.systemUTC()))
                    .registerEventHandler(config -> projection.guarded(
                            projection.handlers().apply(generations.liveSchema(name)), config, transactions))
                    .assignHandlerInstancesMatching(name, handler ->
                            handler instanceof DeadLetterGuard guard && guard.processingGroup().equals(name));
        }
    }

    @Bean
    public SharedProjectionPositions projectionPositions(EventProcessingConfiguration processing,
                                                         StoredTokens storedTokens, HandOverWatch handOvers,
                                                         List<Projection> projections) {
        return new SharedProjectionPositions(processing, storedTokens, handOvers, projections);
    }

    @Bean
    public AccessPolicy queryAccessPolicy(UsersListViews views) {
        return new AccessPolicy(views);
    }
}
