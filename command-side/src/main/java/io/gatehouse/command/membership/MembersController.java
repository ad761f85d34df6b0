package io.gatehouse.command.membership;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;
import io.gatehouse.platform.eventstore.CommandReceipt;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


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
        ManageMembers.Added added = members.add(caller, accountId.toString(), type, objectIds, access);
        return Written.of(HttpStatus.CREATED, added.receipt()).body(Map.of("members", added.members().stream()
                .map(m -> Map.of("memberId", m.memberId(), "directoryObjectId", m.directoryObjectId())).toList()));
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
        CommandReceipt receipt = members.changeAccess(caller, accountId.toString(), memberId.toString(), access,
                expectedVersion);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId.toString());
        answer.put("access", access);
        return Written.member(HttpStatus.OK, receipt, memberId.toString()).body(answer);
    }

    @DeleteMapping("/members/{memberId}")
    @Operation(summary = "Remove a member: its access ends; the directory object is not deleted")
    public ResponseEntity<Void> remove(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = members.remove(caller, accountId.toString(), memberId.toString(), expectedVersion);
        return Written.of(HttpStatus.NO_CONTENT, receipt).build();
    }

    private static JsonNode wrap(JsonNode access) {
        var wrapper = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        wrapper.set("access", access);
        return wrapper;
    }
}
