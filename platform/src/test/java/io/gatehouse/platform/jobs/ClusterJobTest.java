package io.gatehouse.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes that both know a job, on one PostgreSQL, run it once per interval between them, never at once. */
class ClusterJobTest {

    private static final Duration INTERVAL = Duration.ofMillis(700);
    private static final Duration RUN = Duration.ofMillis(300);

    private DataSource database;
    private final List<Scheduler> nodes = new ArrayList<>();
    private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    record Run(String node, Instant started, Instant ended) {
    }

    @BeforeEach
    void database() {
        String url = TestDatabases.fresh("cluster_jobs_" + System.nanoTime());
        database = new DriverManagerDataSource(url, TestDatabases.user(), TestDatabases.password());
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
    }

    @AfterEach
    void stop() {
        nodes.forEach(Scheduler::stop);
    }

    @Test
    void twoNodesRunAJobOncePerIntervalBetweenThem() throws InterruptedException {
        Instant started = Instant.now();
        node("a", Duration.ofDays(36500), job("a"));
        node("b", Duration.ofDays(36500), job("b"));
        Thread.sleep(6_000);

        List<Run> seen = List.copyOf(runs);
        assertThat(mostAtOnce).as("runs at the same time").hasValue(1);
        // first run 0.7 s after start, then one each 0.7 s + 0.3 s: about 5 (each node on its own would do that)
        assertThat(seen).hasSizeBetween(3, 6);
        assertThat(Duration.between(started, seen.get(0).started())).isGreaterThanOrEqualTo(INTERVAL.minusMillis(50));
        for (int i = 1; i < seen.size(); i++) {
            assertThat(Duration.between(seen.get(i - 1).ended(), seen.get(i).started()))
                    .as("pause before run %d of %s", i, seen).isGreaterThanOrEqualTo(INTERVAL.minusMillis(50));
        }
    }

    @Test
    void aNodeWithoutTheJobNeverPicksItAndLeavesItToTheNodesThatHaveIt() throws InterruptedException {
        // a query node, say, next to a directory-sync node: it knows only jobs of its own
        node("query", Duration.ofDays(36500), ClusterJob.every("query-only", Duration.ofHours(1), () -> { }));
        node("sync", Duration.ofDays(36500), job("sync"));
        Thread.sleep(3_000);

        assertThat(runs).isNotEmpty().allMatch(run -> run.node().equals("sync"));
    }

    @Test
    void withDbSchedulersDefaultANodeWithoutTheJobWouldDeleteItOnceUnresolvedLongEnough() {
        // why gatehouse-defaults.properties sets db-scheduler.delete-unresolved-after: db-scheduler deletes the
        // executions of a task name it cannot resolve after that time (14 days by default; here 1 s)
        node("query", Duration.ofSeconds(1), ClusterJob.every("query-only", Duration.ofHours(1), () -> { }));
        node("sync", Duration.ofDays(36500), ClusterJob.every("sync-only", Duration.ofMillis(200), () -> { }));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobRows("sync-only") == 0);
    }

    private RecurringTask<Void> job(String node) {
        return ClusterJob.every("cleanup", INTERVAL, () -> {
            Instant started = Instant.now();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(RUN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            runs.add(new Run(node, started, Instant.now()));
        });
    }

    @SafeVarargs
    private <T extends Task<?> & com.github.kagkarlsson.scheduler.task.OnStartup> void node(
            String name, Duration deleteUnresolvedAfter, T... jobs) {
        Scheduler scheduler = Scheduler.create(database)
                .startTasks(jobs)
                .schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofMillis(200))
                .deleteUnresolvedAfter(deleteUnresolvedAfter)
                .threads(2)
                .build();
        scheduler.start();
        nodes.add(scheduler);
    }

    private int jobRows(String name) {
        return new JdbcTemplate(database).queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_name = ?",
                Integer.class, name);
    }
}
