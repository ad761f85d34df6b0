package io.gatehouse.command.provisioning;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.command.provisioning.ProvisioningRecords.CredentialsWaiting;
import io.gatehouse.command.provisioning.ProvisioningRecords.MemberChanged;
import io.gatehouse.command.provisioning.ProvisioningRecords.Provisioning;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.web.BodyErrors;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;


/**
 * New groups, new Azure AD applications, and application keys, translated from HTTP to
 * {@link ProvisionGroupsAndApplications}: pushed to the directory by directory sync.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Directory changes")
public class GroupsAndApplicationsController {

    static final Duration DEFAULT_KEY_LIFETIME = Duration.ofDays(730);

    private final ProvisionGroupsAndApplications provisioning;

    public GroupsAndApplicationsController(ProvisionGroupsAndApplications provisioning) {
        this.provisioning = provisioning;
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/groups/new")
    @Operation(summary = "Create a new security group with user members of the account in it")
    public ResponseEntity<Provisioning> createGroup(Caller caller, @PathVariable UUID accountId,
                                                    @Valid @RequestBody ProvisioningRecords.NewGroup body) {
        ProvisionGroupsAndApplications.Provisioning created = provisioning.createGroup(caller, accountId.toString(),
                body.displayName(), body.memberIdsOrNone(), body.access());
        return provisioning(accountId.toString(), created, null, null, null);
    }

    @PatchMapping("/groups/{memberId}")
    @Operation(summary = "Rename a group; written through to the directory")
    public ResponseEntity<MemberChanged> renameGroup(Caller caller, @PathVariable UUID accountId,
                                                     @PathVariable UUID memberId,
                                                     @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                     @Valid @RequestBody ProvisioningRecords.GroupRename body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = provisioning.renameGroup(caller, accountId.toString(), memberId.toString(),
                body.displayName(), expectedVersion);
        return written(memberId.toString(), receipt);
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/applications/new")
    @Operation(summary = "Create a new Azure AD application: Reply URL and App ID URI, each unique in the tenant")
    public ResponseEntity<Provisioning> createApplication(Caller caller, @PathVariable UUID accountId,
                                                          @Valid @RequestBody ProvisioningRecords.NewApplication body) {
        ProvisionGroupsAndApplications.Provisioning created = provisioning.createApplication(caller,
                accountId.toString(), body.displayName(), body.replyUrl(), body.appIdUri(), body.access());
        return provisioning(accountId.toString(), created, caller.tenantId(), body.replyUrl(), body.appIdUri());
    }

    @PatchMapping("/applications/{memberId}")
    @Operation(summary = "Change an application's Reply URL or App ID URI; same rules, written through")
    public ResponseEntity<MemberChanged> changeApplication(Caller caller, @PathVariable UUID accountId,
                                                           @PathVariable UUID memberId,
                                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                           @Valid @RequestBody ProvisioningRecords.ApplicationChange body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        CommandReceipt receipt = provisioning.changeApplication(caller, accountId.toString(), memberId.toString(),
                body.replyUrl(), body.appIdUri(), expectedVersion);
        return written(memberId.toString(), receipt);
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/applications/{memberId}/keys")
    @Operation(summary = "Add a key: the directory generates it and it is shown once through the credentials URL")
    public ResponseEntity<CredentialsWaiting> addKey(Caller caller, @PathVariable UUID accountId,
                                                     @PathVariable UUID memberId,
                                                     @Valid @RequestBody(required = false) ProvisioningRecords.NewKey body) {
        Instant now = Instant.now();
        Instant expiresAt = body == null || body.expiresAt() == null ? now.plus(DEFAULT_KEY_LIFETIME) : body.expiresAt();
        if (!expiresAt.isAfter(now.plus(Duration.ofHours(1)))) {
            throw BodyErrors.invalid(List.of(new FieldError("expiresAt", "must be at least an hour from now")));
        } else if (expiresAt.isAfter(now.plus(DEFAULT_KEY_LIFETIME).plus(Duration.ofDays(1)))) {
            throw BodyErrors.invalid(List.of(new FieldError("expiresAt", "must be at most two years from now")));
        }
        ProvisionGroupsAndApplications.KeyRequested key = provisioning.addKey(caller, accountId.toString(),
                memberId.toString(), expiresAt);
        return Written.of(HttpStatus.ACCEPTED, key.receipt()).body(new CredentialsWaiting(key.keyRequestId(), null,
                ProvisioningController.credentialsUrl(key.credentialsId())));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/applications/{memberId}/keys/{keyId}")
    @Operation(summary = "Remove a key; it disappears from the list and from the directory")
    public ResponseEntity<Void> removeKey(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                          @PathVariable UUID keyId) {
        CommandReceipt receipt = provisioning.removeKey(caller, accountId.toString(), memberId.toString(),
                keyId.toString());
        return Written.of(HttpStatus.NO_CONTENT, receipt).build();
    }

    private ResponseEntity<Provisioning> provisioning(String accountId,
                                                      ProvisionGroupsAndApplications.Provisioning created,
                                                      String tenantId, String replyUrl, String appIdUri) {
        return Written.of(HttpStatus.ACCEPTED, created.receipt())
                .header("Location", "/api/v1/accounts/" + accountId + "/members/" + created.memberId())
                .body(new Provisioning(created.memberId(), "PROVISIONING", null, tenantId, replyUrl, appIdUri));
    }

    private ResponseEntity<MemberChanged> written(String memberId, CommandReceipt receipt) {
        return Written.member(HttpStatus.OK, receipt, memberId).body(new MemberChanged(memberId));
    }
}
