package io.gatehouse.query;

import io.gatehouse.activity.PagesVisited;
import io.gatehouse.platform.eventstore.AccountSequencingPolicy;
import io.gatehouse.query.activity.ActivityProjection;
import io.gatehouse.query.history.HistoryProjection;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.userslist.UsersListProjection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The query side's projections: what each one handles, in which order, into which tables. */
@Configuration(proxyBeanMethods = false)
public class QueryProjections {

    @Bean
    public Projection usersList(JdbcTemplate jdbc,
                                @Value("${gatehouse.projections.segments:2}") int segments) {
        return new Projection(UsersListProjection.NAME, UsersListProjection.TABLES, new AccountSequencingPolicy(),
                schema -> new UsersListProjection(jdbc, schema), segments);
    }

    @Bean
    public Projection auditHistory(JdbcTemplate jdbc) {
        // any order across accounts; one account's entries are keyed by position, so order does not matter
        return new Projection(HistoryProjection.NAME, HistoryProjection.TABLES, new AccountSequencingPolicy(),
                schema -> new HistoryProjection(jdbc, schema), 1);
    }

    @Bean
    public Projection activity(JdbcTemplate jdbc) {
        return new Projection(ActivityProjection.NAME, ActivityProjection.TABLES,
                // one visitor's visits in order, so that its last activity is updated by one thread at a time
                event -> event.getPayload() instanceof PagesVisited visits
                        ? visits.accountId() + "/" + visits.visitorObjectId() : event.getIdentifier(),
                schema -> new ActivityProjection(jdbc, schema), 1);
    }
}
