package io.gatehouse.sync.reconcile;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Reading the directory back, run by one directory-sync node at a time. */
@Configuration(proxyBeanMethods = false)
public class DirectoryRefreshJob {

    @Bean
    public RecurringTask<Void> directoryRefreshTask(DirectoryRefresh refresh,
            @Value("${gatehouse.directory.refresh-interval}") Duration interval) {
        return ClusterJob.every("directory-refresh", interval, refresh::refresh);
    }
}
