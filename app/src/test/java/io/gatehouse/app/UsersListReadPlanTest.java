package io.gatehouse.app;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.messaging.Actor;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.query.userslist.UsersListProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Users list reads the members of each batch of events before it folds them. On one connection, as its
 * processor's pooled one serves batch after batch, PostgreSQL must settle on a generic plan for that read instead of
 * planning it for every batch: the planning cost about as much as the read (issue 14).
 */
class UsersListReadPlanTest extends GatehouseIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    ProjectionGenerations generations;

    @Test
    void theMembersOfABatchAreReadWithAPlanMadeOnce() throws Exception {
        String accountId = UUID.randomUUID().toString();
        Actor manager = new Actor(UUID.randomUUID().toString(), "Mark Manager");
        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            AnnotationEventHandlerAdapter usersList = new AnnotationEventHandlerAdapter(
                    new UsersListProjection(jdbc, generations.liveSchema(UsersListProjection.NAME)));
            for (int i = 0; i < 15; i++) {
                // a member the list does not hold: each event reads it, and nothing is written
                String memberId = UUID.randomUUID().toString();
                usersList.handle(new GenericDomainEventMessage<>("Membership", memberId, 1, new RoleChanged(accountId,
                        memberId, new TreeSet<>(List.of(Role.MARKETER)), Access.ofRoles(Role.DEVELOPER), manager)));
            }
            // the read of one member in the live copy, which this test drove
            String liveTable = generations.liveSchema(UsersListProjection.NAME).table("member_view");
            String read = PreparedStatements.mostUsed(jdbc, "%AS keys_json FROM " + liveTable + " m %member_id IN ($1)");
            assertThat(PreparedStatements.genericPlans(jdbc, read)).isPositive();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM " + liveTable + " WHERE account_id = ?", Long.class,
                    accountId)).isZero();
        }
    }
}
