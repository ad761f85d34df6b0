package io.gatehouse.query.activity;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.web.Paging;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.query.userslist.UsersListViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The pages a member visited in the last 30 days, for the account owner only. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/members/{memberId}/activity")
@ReadsProjection({ActivityProjection.NAME, io.gatehouse.query.userslist.UsersListProjection.NAME})
@Tag(name = "Activity")
public class MemberActivityController {

    private final JdbcTemplate jdbc;
    private final UsersListViews members;
    private final AccessPolicy policy;
    private final Projection.Schema live;

    public MemberActivityController(JdbcTemplate jdbc, UsersListViews members, AccessPolicy queryAccessPolicy,
                              ProjectionGenerations generations) {
        this.jdbc = jdbc;
        this.members = members;
        this.policy = queryAccessPolicy;
        this.live = generations.liveSchema(ActivityProjection.NAME);
    }

    @GetMapping
    @Operation(summary = "A member's page visits of the last 30 days, newest first (account owner only)")
    public Visits activity(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                           @Valid @ParameterObject ActivityQuery query) {
        Instant fromInstant = query.from();
        Instant toInstant = query.to();
        int pageNumber = Paging.page(query.page());
        int pageSize = Paging.size(query.size());
        policy.requireOwner(caller, accountId.toString());
        UsersListViews.MemberRow member = members.member(accountId.toString(), memberId.toString())
                .orElseThrow(() -> Rejection.notFound("No member " + memberId.toString() + " in this account."));

        // visits older than 30 days are gone, purged or not
        Instant oldest = Instant.now().minus(ActivityProjection.RETENTION);
        Instant since = fromInstant == null || fromInstant.isBefore(oldest) ? oldest : fromInstant;
        Instant until = toInstant == null ? Instant.now().plusSeconds(3600) : toInstant;
        List<Visit> items = List.of();
        long total = 0;
        if (member.type() == MemberType.USER) {
            String where = " WHERE account_id = ? AND visitor_oid = ? AND tenant_id = ? AND visited_at >= ? AND visited_at < ?";
            Object[] args = {accountId.toString(), member.directoryObjectId(), member.tenantId(), Timestamp.from(since),
                    Timestamp.from(until)};
            total = jdbc.queryForObject("SELECT count(*) FROM " + live.table("page_visit") + where, Long.class, args);
            items = jdbc.query("SELECT url, visited_at FROM " + live.table("page_visit") + where
                            + " ORDER BY visited_at DESC, event_id, item LIMIT " + pageSize + " OFFSET " + (long) pageNumber * pageSize,
                    (rs, i) -> new Visit(rs.getString("url"), rs.getTimestamp("visited_at").toInstant()), args);
        }
        return new Visits(items, pageNumber, pageSize, total);
    }

    /** A page of a member's visits, newest first. */
    public record Visits(List<Visit> items, int page, int size, long total) {
    }

    public record Visit(String url, Instant visitedAt) {
    }
}
