package io.gatehouse.sync;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * Directory sync: the saga that pushes directory changes to Azure AD through Microsoft Graph and records the
 * outcome as events. Its Graph adapter and saga are the directory-sync issue's work; today this side only
 * starts, with the platform's event store, security and health.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = DirectorySync.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class DirectorySync {

    /** One event per transaction: a saga's pushes reach the directory, which a rollback cannot undo. */
    @org.springframework.beans.factory.annotation.Autowired
    public void configure(org.axonframework.config.EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessorConfiguration("DirectorySyncSagaProcessor", config ->
                org.axonframework.eventhandling.TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(1));
    }
}
