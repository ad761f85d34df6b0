package io.gatehouse.platform.jobs;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon puts its deadline task ({@code AxonDeadline}) into db-scheduler on every node. A node without the
 * directory-sync saga (a command or query node) would then pick a saga's retry deadline, find no saga to
 * deliver it to, and drop it. Such nodes take the task's place with one that is never scheduled, so they leave
 * {@code AxonDeadline} rows to the directory-sync nodes (db-scheduler skips tasks a node does not know).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("io.gatehouse.sync.DirectorySync")
public class DeadlinesOnlyWhereSagasLive {

    static final String NO_DEADLINES = "gatehouse-no-deadlines-here";

    @Bean
    @Qualifier("deadlineDetailsTask")
    public Task<Void> deadlineDetailsTask() {
        return Tasks.oneTime(NO_DEADLINES).execute((instance, context) -> {
        });
    }
}
