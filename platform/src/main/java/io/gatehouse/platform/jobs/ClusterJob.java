package io.gatehouse.platform.jobs;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * A job that one node of the cluster runs at a time: a db-scheduler recurring task, whose one row in
 * scheduled_tasks is picked (locked) by a single node and rescheduled {@code interval} after each run ends.
 * Declared as a Spring bean, db-scheduler's starter registers it; only nodes that declare it ever pick it.
 */
public final class ClusterJob {

    private ClusterJob() {
    }

    public static RecurringTask<Void> every(String name, Duration interval, Runnable job) {
        return Tasks.recurring(name, new FirstRunAfterInterval(FixedDelay.of(interval), interval))
                .execute((instance, context) -> job.run());
    }

    /**
     * FixedDelay, but the first run (when scheduled_tasks has no row for the job yet) is one interval after start,
     * as the jobs' former {@code @Scheduled} initial delays had it, not at once.
     */
    record FirstRunAfterInterval(FixedDelay delay, Duration interval) implements Schedule {

        @Override
        public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
            return delay.getNextExecutionTime(executionComplete);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return delay.isDeterministic();
        }
    }
}
