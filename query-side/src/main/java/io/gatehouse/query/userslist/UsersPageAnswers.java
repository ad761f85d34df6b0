package io.gatehouse.query.userslist;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberStatus;
import io.gatehouse.query.userslist.UsersListViews.MemberRow;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** What the Users page's reads answer (API.md, "Members: the Users page"), field for field. */
public final class UsersPageAnswers {

    private UsersPageAnswers() {
    }

    public record Account(String accountId, String displayName, String ownerId, List<Tenant> tenants) {
    }

    public record Tenant(String tenantId, boolean directoryIntegration) {
    }

    /** A page of a list: {@code ?page=0&size=50}, at most 500 a page. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** One row of the Users list. */
    public record ListItem(String memberId, @Schema(allowableValues = {"user", "group", "application"}) String type,
                           String displayName, String username, String email, String tenantId,
                           String directoryObjectId, Access access, MemberStatus status, Instant lastActivity,
                           @Schema(description = "the member's directory object as directory sync last read it",
                                   allowableValues = {"PRESENT", "DISABLED", "DELETED"}) String directoryState,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @Schema(description = "an invited user's invitation, to resend it") String invitationId,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @Schema(description = "why the last directory push failed, while SYNC_FAILED") String syncError) {

        static ListItem of(MemberRow row) {
            return new ListItem(row.memberId(), row.type().apiName(), row.displayName(), row.username(), row.email(),
                    row.tenantId(), row.directoryObjectId(), row.access(), row.status(), row.lastActivity(),
                    row.directoryState(), row.invitationId(), row.syncError());
        }
    }

    /** One member: the list's fields, and what users or applications add. */
    public record Member(@JsonUnwrapped ListItem item,
                         @JsonUnwrapped @Schema(description = "users only") UserFields user,
                         @JsonUnwrapped @Schema(description = "applications only") ApplicationFields application) {
    }

    public record UserFields(String firstName, String lastName,
                             @Schema(description = "member ids of the group members the user belongs to") List<String> groups) {
    }

    public record ApplicationFields(String clientId, String replyUrl, String appIdUri, List<Key> keys) {
    }

    /** An application's key, never the key itself. */
    public record Key(String keyId, String hint, Instant createdAt, Instant expiresAt, boolean expired) {
    }

    /** A member's own access plus that of the member groups in the caller's groups claim. */
    public record EffectiveAccess(String memberId, Access access, List<GrantedBy> grantedBy) {
    }

    public record GrantedBy(String memberId, String type, String displayName, Access access) {

        static GrantedBy of(MemberRow row) {
            return new GrantedBy(row.memberId(), row.type().apiName(), row.displayName(), row.access());
        }
    }
}
