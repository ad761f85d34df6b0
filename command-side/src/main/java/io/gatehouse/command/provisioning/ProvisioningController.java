package io.gatehouse.command.provisioning;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.command.provisioning.ProvisioningRecords.CredentialsWaiting;
import io.gatehouse.command.provisioning.ProvisioningRecords.Invitation;
import io.gatehouse.command.provisioning.ProvisioningRecords.Invited;
import io.gatehouse.command.provisioning.ProvisioningRecords.MemberChanged;
import io.gatehouse.command.provisioning.ProvisioningRecords.Provisioning;
import io.gatehouse.command.provisioning.ProvisioningRecords.Resent;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.web.BodyErrors;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;


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

    private final ProvisionUsers users;

    public ProvisioningController(ProvisionUsers users) {
        this.users = users;
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/users/new")
    @Operation(summary = "Create a new directory user (Manager who is Global Administrator)")
    public ResponseEntity<Provisioning> createUser(Caller caller, @PathVariable UUID accountId,
                                                   @Valid @RequestBody ProvisioningRecords.NewUser body) {
        ProvisionUsers.WithCredentials created = users.createUser(caller, accountId.toString(), new ProvisionUsers.NewUser(
                body.firstName(), body.lastName(), body.username(), body.asGlobalAdministrator(),
                body.passwordRecoveryEmail(), body.groupIdsOrNone(), body.access()));
        return Written.of(HttpStatus.ACCEPTED, created.receipt())
                .header("Location", "/api/v1/accounts/" + accountId + "/members/" + created.memberId())
                .body(new Provisioning(created.memberId(), "PROVISIONING", credentialsUrl(created.credentialsId()),
                        null, null, null));
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/users/{memberId}/password-reset")
    @Operation(summary = "Reset a user's password: a new temporary password, shown once")
    public ResponseEntity<CredentialsWaiting> resetPassword(Caller caller, @PathVariable UUID accountId,
                                                            @PathVariable UUID memberId) {
        ProvisionUsers.WithCredentials reset = users.resetPassword(caller, accountId.toString(), memberId.toString());
        return Written.of(HttpStatus.ACCEPTED, reset.receipt())
                .body(new CredentialsWaiting(null, null, credentialsUrl(reset.credentialsId())));
    }

    @PatchMapping("/users/{memberId}")
    @Operation(summary = "Edit a user's first name, last name, username or groups; written through to the directory")
    public ResponseEntity<MemberChanged> editUser(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                                  @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                  @Valid @RequestBody ProvisioningRecords.UserEdit body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = users.editUser(caller, accountId.toString(), memberId.toString(), body.firstName(),
                body.lastName(), body.username(), body.groupIds(), expectedVersion);
        return Written.member(HttpStatus.OK, receipt, memberId.toString()).body(new MemberChanged(memberId.toString()));
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/invitations")
    @Operation(summary = "Invite up to ten outside users by email (commas or semicolons); they stay pending until they accept")
    public ResponseEntity<Invited> invite(Caller caller, @PathVariable UUID accountId,
                                          @Valid @RequestBody ProvisioningRecords.Invitations body) {
        ProvisionUsers.Invited invited = users.invite(caller, accountId.toString(), distinct(body.emails()),
                body.access());
        return Written.of(HttpStatus.ACCEPTED, invited.receipt()).body(new Invited(invited.invitations().stream()
                .map(i -> new Invitation(i.invitationId(), i.memberId(), i.email(), "PENDING")).toList()));
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/invitations/{invitationId}/resend")
    @Operation(summary = "Send an invitation again; 409 once accepted")
    public ResponseEntity<Resent> resend(Caller caller, @PathVariable UUID accountId, @PathVariable UUID invitationId) {
        ProvisionUsers.Resent resent = users.resend(caller, accountId.toString(), invitationId.toString());
        return Written.of(HttpStatus.ACCEPTED, resent.receipt())
                .body(new Resent(invitationId.toString(), resent.memberId()));
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/members/{memberId}/directory-sync/retry")
    @Operation(summary = "Push a failed directory change again (a new temporary password where one is needed)")
    public ResponseEntity<CredentialsWaiting> retry(Caller caller, @PathVariable UUID accountId,
                                                    @PathVariable UUID memberId) {
        ProvisionUsers.WithCredentials retried = users.retry(caller, accountId.toString(), memberId.toString());
        return Written.of(HttpStatus.ACCEPTED, retried.receipt())
                .body(new CredentialsWaiting(null, memberId.toString(), credentialsUrl(retried.credentialsId())));
    }

    /** An address given twice (in any case) is invited once; at most ten different ones at a time. */
    private static List<String> distinct(List<String> emails) {
        Set<String> folded = new LinkedHashSet<>();
        List<String> distinct = new ArrayList<>();
        for (String email : emails) {
            if (folded.add(email.toLowerCase(Locale.ROOT))) distinct.add(email);
        }
        if (distinct.size() > MAX_INVITATIONS) {
            throw BodyErrors.invalid(List.of(new FieldError("emails",
                    "at most " + MAX_INVITATIONS + " addresses at a time")));
        }
        return distinct;
    }

    static String credentialsUrl(String credentialsId) {
        return "/api/v1/credentials/" + credentialsId;
    }

}
