package io.gatehouse.platform;

import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.deadletters.DeadLettersController;
import io.gatehouse.platform.eventstore.EventPositions;
import io.gatehouse.platform.eventstore.EventStoreConfiguration;
import io.gatehouse.platform.eventstore.EventProcessorsHealth;
import io.gatehouse.platform.secrets.SecretsConfiguration;
import io.gatehouse.platform.security.LocalSigningKey;
import io.gatehouse.platform.security.SecurityConfiguration;
import io.gatehouse.platform.web.ProblemHandling;
import io.gatehouse.platform.web.WebConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** What every runnable side (command, query, directory sync, all-in-one) gets by depending on the platform. */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
@Import({EventStoreConfiguration.class, io.gatehouse.platform.cluster.ClusterConfiguration.class,
        io.gatehouse.platform.eventstore.CommandBusConfiguration.class, EventPositions.class,
        io.gatehouse.platform.eventstore.ProcessorClaims.class,
        EventProcessorsHealth.class, SecurityConfiguration.class, LocalSigningKey.class, ProblemHandling.class,
        io.gatehouse.platform.web.StrictJsonStrings.class, io.gatehouse.platform.web.TypedBodies.class,
        io.gatehouse.platform.web.ProblemErrorController.class,
        WebConfiguration.class, io.gatehouse.platform.web.GuidIds.class, io.gatehouse.platform.web.OpenApiDocument.class,
        SecretsConfiguration.class, io.gatehouse.platform.privacy.PrivacyConfiguration.class, DeadLetterQueues.class,
        DeadLetters.class, DeadLettersController.class, io.gatehouse.platform.eventstore.StoredTokens.class,
        io.gatehouse.platform.jobs.DeadlinesOnlyWhereSagasLive.class})
public class PlatformAutoConfiguration {

    @org.springframework.context.annotation.Bean
    public io.gatehouse.platform.database.EmbeddedPostgresUsers embeddedPostgresUsers() {
        return new io.gatehouse.platform.database.EmbeddedPostgresUsers();
    }
}
