package io.gatehouse.query.userslist;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.web.QueryParams;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    public Map<String, Object> invitations(Caller caller, @PathVariable UUID accountId,
                                           @RequestParam(required = false) String status,
                                           @RequestParam(defaultValue = "0") String page,
                                           @RequestParam(defaultValue = "50") String size) {
        QueryParams params = new QueryParams();
        if (status != null && !Set.of("PENDING", "ACCEPTED").contains(status)) {
            params.reject("status", "must be PENDING or ACCEPTED");
        }
        int pageNumber = params.page(page);
        int pageSize = params.size(size);
        params.validOrThrow();
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
        List<Map<String, Object>> items = jdbc.query("SELECT * FROM " + live.table("invitation_view") + where
                + " ORDER BY sent_at DESC, invitation_id LIMIT ? OFFSET ?", (rs, i) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("invitationId", rs.getString("invitation_id"));
            item.put("memberId", rs.getString("member_id"));
            item.put("email", rs.getString("email"));
            item.put("status", rs.getString("status"));
            item.put("sentAt", rs.getTimestamp("sent_at").toInstant());
            item.put("resentAt", rs.getTimestamp("resent_at") == null ? null : rs.getTimestamp("resent_at").toInstant());
            item.put("acceptedAt", rs.getTimestamp("accepted_at") == null ? null : rs.getTimestamp("accepted_at").toInstant());
            return item;
        }, args.toArray());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("page", pageNumber);
        answer.put("size", pageSize);
        answer.put("total", total);
        return answer;
    }
}
