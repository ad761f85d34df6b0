package io.gatehouse.query.userslist;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.web.Paging;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import java.sql.Timestamp;
import java.time.Instant;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** The account's invitations, with when they were sent, resent and accepted. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/invitations")
@ReadsProjection(UsersListProjection.NAME)
@Tag(name = "Directory changes")
public class InvitationsController {

    private final JdbcTemplate jdbc;
    private final AccessPolicy policy;
    private final Projection.Schema live;

    public InvitationsController(JdbcTemplate jdbc, AccessPolicy queryAccessPolicy, ProjectionGenerations generations) {
        this.jdbc = jdbc;
        this.policy = queryAccessPolicy;
        this.live = generations.liveSchema(UsersListProjection.NAME);
    }

    @GetMapping
    @Operation(summary = "Invitations, newest first; status PENDING or ACCEPTED")
    public UsersPageAnswers.Page<Invitation> invitations(Caller caller, @PathVariable UUID accountId,
                                                         @Valid @ParameterObject UsersListQueries.InvitationsQuery query) {
        String status = query.status();
        int pageNumber = Paging.page(query.page());
        int pageSize = Paging.size(query.size());
        policy.requireMember(caller, accountId.toString());
        List<Object> args = new ArrayList<>(List.of(accountId.toString()));
        String where = " WHERE account_id = ?";
        if (status != null) {
            where += " AND status = ?";
            args.add(status);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM " + live.table("invitation_view") + where, Long.class,
                args.toArray());
        args.add(pageSize);
        args.add((long) pageNumber * pageSize);
        List<Invitation> items = jdbc.query("SELECT * FROM " + live.table("invitation_view") + where
                + " ORDER BY sent_at DESC, invitation_id LIMIT ? OFFSET ?", (rs, i) -> new Invitation(
                rs.getString("invitation_id"), rs.getString("member_id"), rs.getString("email"),
                rs.getString("status"), rs.getTimestamp("sent_at").toInstant(), instant(rs.getTimestamp("resent_at")),
                instant(rs.getTimestamp("accepted_at"))), args.toArray());
        return new UsersPageAnswers.Page<>(items, pageNumber, pageSize, total == null ? 0 : total);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** An invitation as the Invitations list shows it; resentAt and acceptedAt are null until then. */
    public record Invitation(String invitationId, String memberId, String email,
                             @Schema(allowableValues = {"PENDING", "ACCEPTED"}) String status, Instant sentAt,
                             Instant resentAt, Instant acceptedAt) {
    }
}
