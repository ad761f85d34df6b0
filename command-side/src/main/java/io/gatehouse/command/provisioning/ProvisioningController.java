package io.gatehouse.command.provisioning;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.platform.eventstore.CommandReceipt;
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
 * The Users page's writes that change users in the directory, translated from HTTP to {@link ProvisionUsers}: new users,
 * password resets, invitations, user edits,
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

    private final ProvisionUsers users;

    public ProvisioningController(ProvisionUsers users) {
        this.users = users;
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
        ProvisionUsers.WithCredentials created = users.createUser(caller, accountId.toString(), new ProvisionUsers.NewUser(
                firstName, lastName, username, globalAdministrator, recoveryEmail, groupIds, access));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", created.memberId());
        answer.put("status", "PROVISIONING");
        answer.put("credentials", credentialsUrl(created.credentialsId()));
        return Written.of(HttpStatus.ACCEPTED, created.receipt())
                .header("Location", "/api/v1/accounts/" + accountId + "/members/" + created.memberId())
                .body(answer);
    }

    @PostMapping("/users/{memberId}/password-reset")
    @Operation(summary = "Reset a user's password: a new temporary password, shown once")
    public ResponseEntity<Map<String, Object>> resetPassword(Caller caller, @PathVariable UUID accountId,
                                                             @PathVariable UUID memberId) {
        ProvisionUsers.WithCredentials reset = users.resetPassword(caller, accountId.toString(), memberId.toString());
        return Written.of(HttpStatus.ACCEPTED, reset.receipt())
                .body(Map.of("credentials", credentialsUrl(reset.credentialsId())));
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
        CommandReceipt receipt = users.editUser(caller, accountId.toString(), memberId.toString(), firstName, lastName,
                username, groupIds, expectedVersion);
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
        ProvisionUsers.Invited invited = users.invite(caller, accountId.toString(), emails, access);
        List<Map<String, Object>> answer = invited.invitations().stream().map(invitation -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("invitationId", invitation.invitationId());
            item.put("memberId", invitation.memberId());
            item.put("email", invitation.email());
            item.put("status", "PENDING");
            return item;
        }).toList();
        return Written.of(HttpStatus.ACCEPTED, invited.receipt()).body(Map.of("invitations", answer));
    }

    @PostMapping("/invitations/{invitationId}/resend")
    @Operation(summary = "Send an invitation again; 409 once accepted")
    public ResponseEntity<Map<String, Object>> resend(Caller caller, @PathVariable UUID accountId, @PathVariable UUID invitationId) {
        ProvisionUsers.Resent resent = users.resend(caller, accountId.toString(), invitationId.toString());
        return Written.of(HttpStatus.ACCEPTED, resent.receipt())
                .body(Map.of("invitationId", invitationId.toString(), "memberId", resent.memberId()));
    }

    @PostMapping("/members/{memberId}/directory-sync/retry")
    @Operation(summary = "Push a failed directory change again (a new temporary password where one is needed)")
    public ResponseEntity<Map<String, Object>> retry(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId) {
        ProvisionUsers.WithCredentials retried = users.retry(caller, accountId.toString(), memberId.toString());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId.toString());
        answer.put("credentials", credentialsUrl(retried.credentialsId()));
        return Written.of(HttpStatus.ACCEPTED, retried.receipt()).body(answer);
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

}
