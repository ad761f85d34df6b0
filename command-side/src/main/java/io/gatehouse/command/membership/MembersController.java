package io.gatehouse.command.membership;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.AddMembers;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.platform.web.Ids;
import io.gatehouse.platform.web.JsonRequest;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/** The Users page's writes for existing directory objects: add, change access, remove. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Members")
public class MembersController {

    /** At most this many objects in one add. */
    static final int MAX_OBJECTS_PER_ADD = 100;

    private final AccessPolicy policy;
    private final CommandLookups lookups;
    private final Directory directory;
    private final CommandReceipts receipts;

    public MembersController(AccessPolicy commandAccessPolicy, CommandLookups lookups,
                             Directory directory, CommandReceipts receipts) {
        this.policy = commandAccessPolicy;
        this.lookups = lookups;
        this.directory = directory;
        this.receipts = receipts;
    }

    @PostMapping("/{kind:users|groups|applications}")
    @Operation(summary = "Add existing users, groups or applications of the caller's tenant; all get the same access")
    public ResponseEntity<Map<String, Object>> add(Caller caller, @PathVariable UUID accountId, @PathVariable String kind,
                                                   @RequestBody JsonNode body) {
        MemberType type = MemberType.fromApiName(kind.substring(0, kind.length() - 1));
        JsonRequest request = JsonRequest.of(body);
        List<String> objectIds = request.texts("directoryObjectIds", 1, MAX_OBJECTS_PER_ADD, Ids::isGuid,
                "is not a directory object id (a GUID)");
        Access access = request.access("access");
        request.validOrThrow();

        policy.requireManager(caller, accountId.toString(), caller.tenantId());
        Map<String, DirectoryObject> found = directory.findAll(caller.tenantId(), type, objectIds);
        List<FieldError> missing = new ArrayList<>();
        for (int i = 0; i < objectIds.size(); i++) {
            if (!found.containsKey(objectIds.get(i))) {
                missing.add(new FieldError("directoryObjectIds[" + i + "]", objectIds.get(i) + " is not a "
                        + type.apiName() + " in tenant " + caller.tenantId()));
            }
        }
        if (!missing.isEmpty()) {
            throw Rejection.invalid("Some directory objects are not " + kind + " of your tenant; none was added.",
                    missing);
        }

        List<NewMember> members = objectIds.stream().map(id -> newMember(found.get(id))).toList();
        CommandReceipt receipt = receipts.send(new AddMembers(accountId.toString(), caller.tenantId(), members, access,
                caller.actor()));

        List<Map<String, String>> answer = members.stream()
                .map(m -> Map.of("memberId", m.memberId(), "directoryObjectId", m.directoryObjectId()))
                .toList();
        return Written.of(HttpStatus.CREATED, receipt)
                .body(Map.of("members", answer));
    }

    @PutMapping("/members/{memberId}/access")
    @Operation(summary = "Replace a member's Partner Center access (roles or custom permissions)")
    public ResponseEntity<Map<String, Object>> changeAccess(Caller caller, @PathVariable UUID accountId,
                                                            @PathVariable UUID memberId,
                                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                            @RequestBody JsonNode body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        // the body is the access itself
        JsonRequest request = JsonRequest.of(body == null ? null : wrap(body));
        Access access = request.access("access");
        request.validOrThrow();
        CurrentMember member = manageable(caller, accountId.toString(), memberId.toString());

        CommandReceipt receipt = receipts.send(new ChangeAccess(member.memberId(), accountId.toString(), access, expectedVersion,
                caller.actor()), memberId.toString());

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId.toString());
        answer.put("access", access);
        return Written.member(HttpStatus.OK, receipt, memberId.toString())
                .body(answer);
    }

    @DeleteMapping("/members/{memberId}")
    @Operation(summary = "Remove a member: its access ends; the directory object is not deleted")
    public ResponseEntity<Void> remove(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CurrentMember member = manageable(caller, accountId.toString(), memberId.toString());

        CommandReceipt receipt = receipts.send(new RemoveMember(member.memberId(), accountId.toString(),
                RemovalReason.REMOVED_BY_MANAGER, expectedVersion, caller.actor()), memberId.toString());

        return Written.of(HttpStatus.NO_CONTENT, receipt)
                .build();
    }

    /** A current member the caller may manage: a Manager (or the owner) signed in to the member's tenant. */
    private CurrentMember manageable(Caller caller, String accountId, String memberId) {
        policy.requireMember(caller, accountId);
        CurrentMember member = lookups.member(accountId, memberId)
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
        policy.requireManager(caller, accountId, member.tenantId());
        return member;
    }

    private static JsonNode wrap(JsonNode access) {
        var wrapper = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        wrapper.set("access", access);
        return wrapper;
    }

    private static NewMember newMember(DirectoryObject object) {
        return new NewMember(Ids.newId(), object.type(), object.id(), object.displayName(), object.givenName(),
                object.surname(), object.userPrincipalName(), object.mail(), object.appId());
    }
}
