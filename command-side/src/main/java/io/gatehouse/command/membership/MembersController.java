package io.gatehouse.command.membership;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;


/** The Users page's writes for existing directory objects, translated from HTTP to {@link ManageMembers}. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Members")
public class MembersController {

    /** At most this many objects in one add. */
    static final int MAX_OBJECTS_PER_ADD = 100;

    private final ManageMembers members;

    public MembersController(ManageMembers members) {
        this.members = members;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/{kind:users|groups|applications}")
    @Operation(summary = "Add existing users, groups or applications of the caller's tenant; all get the same access")
    public ResponseEntity<AddedMembers> add(Caller caller, @PathVariable UUID accountId, @PathVariable String kind,
                                            @Valid @RequestBody MemberRequests.AddMembers body) {
        MemberType type = MemberType.fromApiName(kind.substring(0, kind.length() - 1));
        ManageMembers.Added added = members.add(caller, accountId.toString(), type, body.directoryObjectIds(),
                body.access());
        return Written.of(HttpStatus.CREATED, added.receipt()).body(new AddedMembers(added.members().stream()
                .map(m -> new AddedMember(m.memberId(), m.directoryObjectId())).toList()));
    }

    @PutMapping("/members/{memberId}/access")
    @Operation(summary = "Replace a member's Partner Center access (roles or custom permissions)")
    public ResponseEntity<MemberAccess> changeAccess(Caller caller, @PathVariable UUID accountId,
                                                     @PathVariable UUID memberId,
                                                     @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                     @Valid @RequestBody MemberRequests.ChangeAccess body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = members.changeAccess(caller, accountId.toString(), memberId.toString(),
                body.access(), expectedVersion);
        return Written.member(HttpStatus.OK, receipt, memberId.toString())
                .body(new MemberAccess(memberId.toString(), body.access()));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/members/{memberId}")
    @Operation(summary = "Remove a member: its access ends; the directory object is not deleted")
    public ResponseEntity<Void> remove(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = members.remove(caller, accountId.toString(), memberId.toString(), expectedVersion);
        return Written.of(HttpStatus.NO_CONTENT, receipt).build();
    }

    /** The members an add created, one per directory object, in the order given. */
    public record AddedMembers(List<AddedMember> members) {
    }

    public record AddedMember(String memberId, String directoryObjectId) {
    }

    /** A member's access after a change. */
    public record MemberAccess(String memberId, Access access) {
    }
}
