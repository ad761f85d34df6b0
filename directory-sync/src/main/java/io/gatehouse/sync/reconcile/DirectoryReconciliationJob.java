package io.gatehouse.sync.reconcile;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The directory reconciliation, run by one directory-sync node at a time. */
@Configuration(proxyBeanMethods = false)
public class DirectoryReconciliationJob {

    @Bean
    public RecurringTask<Void> directoryReconciliationTask(DirectoryReconciliation reconciliation,
            @Value("${gatehouse.directory.reconcile-interval}") Duration interval) {
        return ClusterJob.every("directory-reconciliation", interval, reconciliation::reconcile);
    }
}
