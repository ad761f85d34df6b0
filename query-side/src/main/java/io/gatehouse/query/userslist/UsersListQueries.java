package io.gatehouse.query.userslist;

import io.gatehouse.membership.MemberStatus;
import io.gatehouse.platform.web.NameOf;
import io.gatehouse.platform.web.Paging;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** The query parameters of the Users page's lists, bound and checked like a body: one entry per bad one. */
public final class UsersListQueries {

    static final String GUID = io.gatehouse.platform.web.Ids.GUID;

    private UsersListQueries() {
    }

    /** The Users list: filter by type, tenant and status, search name, username and email, as of an instant. */
    public record MembersQuery(
            @Schema(allowableValues = {"user", "group", "application"})
            @Pattern(regexp = "user|group|application", message = "must be user, group or application") String type,
            @Size(max = 256, message = "must be at most 256 characters") String search,
            @Pattern(regexp = GUID, message = "is not a tenant id (a GUID)") String tenantId,
            @Schema(implementation = MemberStatus.class) @NameOf(MemberStatus.class) String status,
            Instant asOf,
            @Schema(defaultValue = "0") @Min(value = 0, message = Paging.PAGE_RULE)
            @Max(value = Paging.MAX_PAGE, message = Paging.PAGE_RULE) Integer page,
            @Schema(defaultValue = "50") @Min(value = 1, message = Paging.SIZE_RULE)
            @Max(value = Paging.MAX_PAGE_SIZE, message = Paging.SIZE_RULE) Integer size) {
    }

    /** MembersQuery's status, once valid. */
    static MemberStatus status(MembersQuery query) {
        return query.status() == null ? null : MemberStatus.valueOf(query.status());
    }

    /** Invitations, newest first, optionally only PENDING or ACCEPTED ones. */
    public record InvitationsQuery(
            @Schema(allowableValues = {"PENDING", "ACCEPTED"})
            @Pattern(regexp = "PENDING|ACCEPTED", message = "must be PENDING or ACCEPTED") String status,
            @Schema(defaultValue = "0") @Min(value = 0, message = Paging.PAGE_RULE)
            @Max(value = Paging.MAX_PAGE, message = Paging.PAGE_RULE) Integer page,
            @Schema(defaultValue = "50") @Min(value = 1, message = Paging.SIZE_RULE)
            @Max(value = Paging.MAX_PAGE_SIZE, message = Paging.SIZE_RULE) Integer size) {
    }
}
