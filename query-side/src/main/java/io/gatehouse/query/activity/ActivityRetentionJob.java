package io.gatehouse.query.activity;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The purge of old page visits, run by one query node at a time. */
@Configuration(proxyBeanMethods = false)
public class ActivityRetentionJob {

    @Bean
    public RecurringTask<Void> activityPurgeTask(ActivityRetention retention,
            @Value("${gatehouse.activity.purge-interval:PT10M}") Duration interval) {
        return ClusterJob.every("activity-purge", interval, retention::purge);
    }
}
