package io.gatehouse.command.membership;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.gatehouse.access.Access;
import io.gatehouse.platform.web.Distinct;
import io.gatehouse.platform.web.ValidAccess;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The bodies of the Users page's writes for existing directory objects. */
public final class MemberRequests {

    static final String GUID = io.gatehouse.platform.web.Ids.GUID;

    private MemberRequests() {
    }

    /** Add existing users, groups or applications of the caller's tenant, all with the same access. */
    public record AddMembers(
            @NotNull(message = "is required")
            @Size(min = 1, message = "must have at least 1 item")
            @Size(max = MembersController.MAX_OBJECTS_PER_ADD,
                    message = "must have at most " + MembersController.MAX_OBJECTS_PER_ADD + " items")
            @Distinct
            List<@Pattern(regexp = GUID, message = "is not a directory object id (a GUID)") String> directoryObjectIds,
            @NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {
    }

    /** A member's new access: the body is the access itself. */
    @Schema(implementation = Access.class)
    public record ChangeAccess(@NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static ChangeAccess of(Access access) {
            return new ChangeAccess(access);
        }
    }
}
