package io.gatehouse.command.provisioning;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.CreateNewUser;
import io.gatehouse.membership.MembershipCommands.EditUser;
import io.gatehouse.membership.MembershipCommands.InviteUsers;
import io.gatehouse.membership.MembershipCommands.NewInvitation;
import io.gatehouse.membership.MembershipCommands.ResendInvitation;
import io.gatehouse.membership.MembershipCommands.ResetPassword;
import io.gatehouse.membership.MembershipCommands.RetryDirectorySync;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.directory.Directory;
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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * The Users page's writes that change the directory: new users, password resets, invitations, user edits,
 * and retrying a failed push. Each is recorded at once and pushed to Azure AD by directory sync; temporary
 * passwords wait in the one-time store and are shown once through the credentials URL.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Directory changes")
public class ProvisioningController {

    static final int MAX_INVITATIONS = 10;
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$");

    private final AccessPolicy policy;
    private final CommandLookups lookups;
    private final CommandReceipts receipts;
    private final Directory directory;
    private final DirectoryWriters writers;

    public ProvisioningController(AccessPolicy commandAccessPolicy, CommandLookups lookups,
                                  CommandReceipts receipts, Directory directory,
                                  DirectoryWriters writers) {
        this.directory = directory;
        this.writers = writers;
        this.policy = commandAccessPolicy;
        this.lookups = lookups;
        this.receipts = receipts;
    }

    @PostMapping("/users/new")
    @Operation(summary = "Create a new directory user (Manager who is Global Administrator)")
    public ResponseEntity<Map<String, Object>> createUser(Caller caller, @PathVariable UUID accountId, @RequestBody JsonNode body) {
        JsonRequest request = JsonRequest.of(body);
        String firstName = request.text("firstName", true, 64);
        String lastName = request.text("lastName", true, 64);
        String username = request.text("username", true, 113);
        if (username != null && !username.isBlank() && !USERNAME.matcher(username).matches()) {
            request.reject("username", "must look like name@domain, a domain of the tenant");
        }
        boolean globalAdministrator = request.bool("globalAdministrator", false);
        String recoveryEmail = request.text("passwordRecoveryEmail", globalAdministrator, 256);
        if (recoveryEmail != null && !recoveryEmail.isBlank() && !EMAIL.matcher(recoveryEmail).matches()) {
            request.reject("passwordRecoveryEmail", "is not an email address");
        }
        List<String> groupIds = request.texts("groupIds", 0, 100, Ids::isGuid, "is not a member id (a GUID)");
        Access access = request.access("access");
        request.validOrThrow();
        writers.require(caller, accountId.toString(), caller.tenantId());
        List<GroupRef> groups = groups(accountId.toString(), caller.tenantId(), groupIds);
        if (directory.findUserByPrincipalName(caller.tenantId(), username).isPresent()) {
            throw Rejection.conflict("username-taken", "Another object with the same value for property "
                    + "userPrincipalName already exists.", List.of(new FieldError("username", "is taken in the directory")));
        }

        String memberId = Ids.newId();
        String credentialsId = Ids.newId(); // its temporary password is kept once the command is accepted
        CommandReceipt receipt = receipts.send(new CreateNewUser(memberId, accountId.toString(), caller.tenantId(), firstName, lastName, username,
                globalAdministrator, blankToNull(recoveryEmail), groups, access, credentialsId, caller.actor()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId);
        answer.put("status", "PROVISIONING");
        answer.put("credentials", credentialsUrl(credentialsId));
        return Written.of(HttpStatus.ACCEPTED, receipt).header("Location", "/api/v1/accounts/" + accountId.toString() + "/members/" + memberId)
                .body(answer);
    }

    @PostMapping("/users/{memberId}/password-reset")
    @Operation(summary = "Reset a user's password: a new temporary password, shown once")
    public ResponseEntity<Map<String, Object>> resetPassword(Caller caller, @PathVariable UUID accountId,
                                                             @PathVariable UUID memberId) {
        CurrentMember member = writers.writableMember(caller, accountId.toString(), memberId.toString());
        String credentialsId = Ids.newId(); // see OneTimeCredentials
        CommandReceipt receipt = receipts.send(new ResetPassword(memberId.toString(), accountId.toString(), credentialsId, caller.actor()), memberId.toString());
        return Written.of(HttpStatus.ACCEPTED, receipt)
                .body(Map.of("credentials", credentialsUrl(credentialsId)));
    }

    @PatchMapping("/users/{memberId}")
    @Operation(summary = "Edit a user's first name, last name, username or groups; written through to the directory")
    public ResponseEntity<Map<String, Object>> editUser(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                                        @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                        @RequestBody JsonNode body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        JsonRequest request = JsonRequest.of(body);
        String firstName = request.has("firstName") ? request.text("firstName", true, 64) : null;
        String lastName = request.has("lastName") ? request.text("lastName", true, 64) : null;
        String username = request.has("username") ? request.text("username", true, 113) : null;
        if (username != null && !username.isBlank() && !USERNAME.matcher(username).matches()) {
            request.reject("username", "must look like name@domain, a domain of the tenant");
        }
        List<String> groupIds = request.has("groupIds")
                ? request.texts("groupIds", 0, 100, Ids::isGuid, "is not a member id (a GUID)") : null;
        if (firstName == null && lastName == null && username == null && groupIds == null) {
            request.reject("body", "give at least one of firstName, lastName, username, groupIds");
        }
        request.validOrThrow();
        CurrentMember member = writers.writableMember(caller, accountId.toString(), memberId.toString());
        List<GroupRef> groups = groupIds == null ? null : groups(accountId.toString(), member.tenantId(), groupIds);
        CommandReceipt receipt = receipts.send(new EditUser(memberId.toString(), accountId.toString(), firstName, lastName, username, groups,
                expectedVersion, caller.actor()), memberId.toString());
        return Written.member(HttpStatus.OK, receipt, memberId.toString())
                .body(Map.of("memberId", memberId.toString()));
    }

    @PostMapping("/invitations")
    @Operation(summary = "Invite up to ten outside users by email (commas or semicolons); they stay pending until they accept")
    public ResponseEntity<Map<String, Object>> invite(Caller caller, @PathVariable UUID accountId, @RequestBody JsonNode body) {
        JsonRequest request = JsonRequest.of(body);
        List<String> emails = emails(body, request);
        Access access = request.access("access");
        request.validOrThrow();
        writers.require(caller, accountId.toString(), caller.tenantId());

        List<NewInvitation> invitations = emails.stream()
                .map(email -> new NewInvitation(Ids.newId(), Ids.newId(), email)).toList();
        CommandReceipt receipt = receipts.send(new InviteUsers(accountId.toString(), caller.tenantId(), invitations, access, caller.actor()));
        List<Map<String, Object>> answer = invitations.stream().map(invitation -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("invitationId", invitation.invitationId());
            item.put("memberId", invitation.memberId());
            item.put("email", invitation.email());
            item.put("status", "PENDING");
            return item;
        }).toList();
        return Written.of(HttpStatus.ACCEPTED, receipt)
                .body(Map.of("invitations", answer));
    }

    @PostMapping("/invitations/{invitationId}/resend")
    @Operation(summary = "Send an invitation again; 409 once accepted")
    public ResponseEntity<Map<String, Object>> resend(Caller caller, @PathVariable UUID accountId, @PathVariable UUID invitationId) {
        policy.requireMember(caller, accountId.toString());
        CurrentMember member = lookups.memberOfInvitation(accountId.toString(), invitationId.toString())
                .orElseThrow(() -> Rejection.notFound("No invitation " + invitationId.toString() + " in this account."));
        writers.require(caller, accountId.toString(), member.tenantId());
        CommandReceipt receipt = receipts.send(new ResendInvitation(member.memberId(), accountId.toString(), caller.actor()),
                member.memberId());
        return Written.of(HttpStatus.ACCEPTED, receipt)
                .body(Map.of("invitationId", invitationId.toString(), "memberId", member.memberId()));
    }

    @PostMapping("/members/{memberId}/directory-sync/retry")
    @Operation(summary = "Push a failed directory change again (a new temporary password where one is needed)")
    public ResponseEntity<Map<String, Object>> retry(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId) {
        CurrentMember member = writers.writableMember(caller, accountId.toString(), memberId.toString());
        String credentialsId = Ids.newId(); // see OneTimeCredentials
        CommandReceipt receipt = receipts.send(new RetryDirectorySync(memberId.toString(), accountId.toString(), credentialsId, caller.actor()), memberId.toString());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId.toString());
        answer.put("credentials", credentialsUrl(credentialsId));
        return Written.of(HttpStatus.ACCEPTED, receipt).body(answer);
    }

    /** Member ids of group members of this account, from the tenant, in the order given. */
    private List<GroupRef> groups(String accountId, String tenantId, List<String> groupIds) {
        return writers.inDirectory(accountId, tenantId, MemberType.GROUP, "groupIds", groupIds).stream()
                .map(group -> new GroupRef(group.memberId(), group.directoryObjectId())).toList();
    }

    /** "a@x.com, b@y.com; c@z.com" or a list; each validated, duplicates folded, at most ten. */
    private static List<String> emails(JsonNode body, JsonRequest request) {
        JsonNode node = body == null ? null : body.get("emails");
        List<String> raw = new ArrayList<>();
        if (node == null || node.isNull()) {
            request.reject("emails", "is required");
            return raw;
        }
        if (node.isTextual()) {
            for (String part : node.asText().split("[,;]")) {
                if (!part.isBlank()) raw.add(part.strip());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                raw.add(item.isTextual() ? item.asText().strip() : item.toString());
            }
        } else {
            request.reject("emails", "must be addresses separated by commas or semicolons, or a list");
            return raw;
        }
        Set<String> folded = new LinkedHashSet<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String email = raw.get(i);
            if (!EMAIL.matcher(email).matches() || email.length() > 254) {
                request.reject("emails[" + i + "]", "'" + email + "' is not an email address");
            } else if (folded.add(email.toLowerCase(Locale.ROOT))) {
                emails.add(email);
            }
        }
        if (raw.isEmpty()) {
            request.reject("emails", "must name at least one address");
        } else if (folded.size() > MAX_INVITATIONS) {
            request.reject("emails", "at most " + MAX_INVITATIONS + " addresses at a time");
        }
        return emails;
    }

    static String credentialsUrl(String credentialsId) {
        return "/api/v1/credentials/" + credentialsId;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
