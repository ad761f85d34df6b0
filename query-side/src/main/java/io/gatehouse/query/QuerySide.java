package io.gatehouse.query;

import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.eventstore.AccountSequencingPolicy;
import io.gatehouse.platform.eventstore.ProjectionPositions;
import io.gatehouse.query.userslist.UsersListProjection;
import io.gatehouse.query.userslist.UsersListViews;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The query side: projections of the event store into the Users list, and the HTTP queries that read them.
 * Projections are pooled streaming processors whose positions live in PostgreSQL's token_entry.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = QuerySide.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class QuerySide {

    @Autowired
    public void configure(EventProcessingConfigurer processing,
                          @Value("${gatehouse.projections.segments:2}") int segments,
                          @Value("${gatehouse.projections.batch-size:200}") int batchSize) {
        processing.registerPooledStreamingEventProcessor(UsersListProjection.NAME, Configuration::eventStore,
                        (config, builder) -> builder.batchSize(batchSize).initialSegmentCount(segments)
                                .maxClaimedSegments(segments))
                .registerSequencingPolicy(UsersListProjection.NAME, config -> new AccountSequencingPolicy());
    }

    @Bean
    public ProjectionPositions projectionPositions(EventProcessingConfiguration processing) {
        return new ProjectionPositions(processing);
    }

    @Bean
    public AccessPolicy queryAccessPolicy(UsersListViews views) {
        return new AccessPolicy(views);
    }
}
