package io.gatehouse.sync;

import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.eventstore.ProcessorClaims;
import io.gatehouse.sync.saga.SagaDeadLetters;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Directory sync: the saga that pushes directory changes to Azure AD through Microsoft Graph and records the
 * outcome as events. Its Graph adapter and saga are the directory-sync issue's work; today this side only
 * starts, with the platform's event store, security and health.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = DirectorySync.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class DirectorySync {

    /**
     * The saga's processor: one event per transaction, members spread over {@code gatehouse.directory.sync-segments}
     * segments, and a dead-letter queue for the events it fails on.
     */
    @Autowired
    public void configure(EventProcessingConfigurer processing, DeadLetterQueues queues,
                          ObjectProvider<DeadLetters> deadLetters, PlatformTransactionManager transactions,
                          ProcessorClaims claims, @Value("${gatehouse.directory.sync-segments:4}") int segments) {
        SagaDeadLetters.configure(processing, queues, deadLetters, transactions, claims, segments);
    }
}
