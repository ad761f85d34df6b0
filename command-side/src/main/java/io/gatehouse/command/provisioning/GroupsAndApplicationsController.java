package io.gatehouse.command.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.ChangeApplicationUrls;
import io.gatehouse.membership.MembershipCommands.CreateNewApplication;
import io.gatehouse.membership.MembershipCommands.CreateNewGroup;
import io.gatehouse.membership.MembershipCommands.RemoveKey;
import io.gatehouse.membership.MembershipCommands.RenameGroup;
import io.gatehouse.membership.MembershipCommands.RequestKey;
import io.gatehouse.membership.UserRef;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.Directory;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.security.CurrentCaller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.platform.web.Ids;
import io.gatehouse.platform.web.JsonRequest;
import io.gatehouse.platform.web.PathIds;
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
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gatehouse.platform.eventstore.EventPositions.POSITION_HEADER;

/** New groups, new Azure AD applications, and application keys: pushed to the directory by directory sync. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Directory changes")
public class GroupsAndApplicationsController {

    static final int MAX_URL_LENGTH = 256;
    static final Duration DEFAULT_KEY_LIFETIME = Duration.ofDays(730);

    private final CommandLookups lookups;
    private final DirectoryWriters writers;
    private final Directory directory;
    private final OneTimeSecrets secrets;
    private final CommandReceipts receipts;
    private final ApplicationUrlReservations reservations;

    public GroupsAndApplicationsController(CommandLookups lookups, DirectoryWriters writers,
                                           Directory directory, OneTimeSecrets secrets, CommandReceipts receipts,
                                           ApplicationUrlReservations reservations) {
        this.reservations = reservations;
        this.lookups = lookups;
        this.writers = writers;
        this.directory = directory;
        this.secrets = secrets;
        this.receipts = receipts;
    }

    @PostMapping("/groups/new")
    @Operation(summary = "Create a new security group with user members of the account in it")
    public ResponseEntity<Map<String, Object>> createGroup(@PathVariable String accountId, @RequestBody JsonNode body) {
        PathIds.requireGuids("accountId", accountId);
        Caller caller = CurrentCaller.get();
        JsonRequest request = JsonRequest.of(body);
        String displayName = request.text("displayName", true, 256);
        List<String> memberIds = request.texts("memberIds", 0, 100, Ids::isGuid, "is not a member id (a GUID)");
        Access access = request.access("access");
        request.validOrThrow();
        writers.require(caller, accountId, caller.tenantId());
        List<UserRef> members = writers.inDirectory(accountId, caller.tenantId(), MemberType.USER, "memberIds",
                memberIds).stream().map(user -> new UserRef(user.memberId(), user.directoryObjectId())).toList();
        String memberId = Ids.newId();
        CommandReceipt receipt = receipts.send(new CreateNewGroup(memberId, accountId, caller.tenantId(), displayName,
                mailNickname(displayName, memberId), members, access, caller.actor()));
        return provisioning(accountId, memberId, receipt, Map.of());
    }

    @PatchMapping("/groups/{memberId}")
    @Operation(summary = "Rename a group; written through to the directory")
    public ResponseEntity<Map<String, Object>> renameGroup(@PathVariable String accountId, @PathVariable String memberId,
                                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                           @RequestBody JsonNode body) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId);
        Caller caller = CurrentCaller.get();
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        JsonRequest request = JsonRequest.of(body);
        String displayName = request.text("displayName", true, 256);
        request.validOrThrow();
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        CommandReceipt receipt = receipts.send(new RenameGroup(memberId, accountId, displayName, expectedVersion, caller.actor()), memberId);
        return written(memberId, receipt);
    }

    @PostMapping("/applications/new")
    @Operation(summary = "Create a new Azure AD application: Reply URL and App ID URI, each unique in the tenant")
    public ResponseEntity<Map<String, Object>> createApplication(@PathVariable String accountId,
                                                                 @RequestBody JsonNode body) {
        PathIds.requireGuids("accountId", accountId);
        Caller caller = CurrentCaller.get();
        JsonRequest request = JsonRequest.of(body);
        String replyUrl = replyUrl(request, true);
        String appIdUri = appIdUri(request, true);
        String displayName = request.text("displayName", false, 120);
        Access access = request.access("access");
        request.validOrThrow();
        writers.require(caller, accountId, caller.tenantId());
        String memberId = Ids.newId();
        // held first, so that a concurrent request for the same URL cannot also find it free in the directory
        reservations.reserve(caller.tenantId(), memberId, replyUrl, appIdUri);
        CommandReceipt receipt;
        try {
            requireUnique(caller.tenantId(), replyUrl, appIdUri, null);
            receipt = receipts.send(new CreateNewApplication(memberId, accountId, caller.tenantId(),
                    displayName == null || displayName.isBlank() ? appIdUri : displayName, replyUrl, appIdUri, access,
                    caller.actor()));
        } catch (RuntimeException e) {
            reservations.release(memberId);
            throw e;
        }
        return provisioning(accountId, memberId, receipt, Map.of("tenantId", caller.tenantId(), "replyUrl", replyUrl,
                "appIdUri", appIdUri));
    }

    @PatchMapping("/applications/{memberId}")
    @Operation(summary = "Change an application's Reply URL or App ID URI; same rules, written through")
    public ResponseEntity<Map<String, Object>> changeApplication(@PathVariable String accountId,
                                                                 @PathVariable String memberId,
                                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                                 @RequestBody JsonNode body) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId);
        Caller caller = CurrentCaller.get();
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        JsonRequest request = JsonRequest.of(body);
        String replyUrl = request.has("replyUrl") ? replyUrl(request, true) : null;
        String appIdUri = request.has("appIdUri") ? appIdUri(request, true) : null;
        if (replyUrl == null && appIdUri == null) {
            request.reject("body", "give replyUrl, appIdUri or both");
        }
        request.validOrThrow();
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        reservations.reserve(member.tenantId(), memberId, replyUrl, appIdUri);
        CommandReceipt receipt;
        try {
            requireUnique(member.tenantId(), replyUrl, appIdUri, member.directoryObjectId());
            receipt = receipts.send(new ChangeApplicationUrls(memberId, accountId, replyUrl, appIdUri, expectedVersion,
                    caller.actor()), memberId);
        } catch (RuntimeException e) {
            reservations.release(memberId);
            throw e;
        }
        return written(memberId, receipt);
    }

    @PostMapping("/applications/{memberId}/keys")
    @Operation(summary = "Add a key: the directory generates it and it is shown once through the credentials URL")
    public ResponseEntity<Map<String, Object>> addKey(@PathVariable String accountId, @PathVariable String memberId,
                                                      @RequestBody(required = false) JsonNode body) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId);
        Caller caller = CurrentCaller.get();
        JsonRequest request = JsonRequest.of(body == null || body.isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : body);
        Instant now = Instant.now();
        Instant expiresAt = now.plus(DEFAULT_KEY_LIFETIME);
        String expires = request.text("expiresAt", false, 64);
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires);
                if (!expiresAt.isAfter(now.plus(Duration.ofHours(1)))) {
                    request.reject("expiresAt", "must be at least an hour from now");
                } else if (expiresAt.isAfter(now.plus(DEFAULT_KEY_LIFETIME).plus(Duration.ofDays(1)))) {
                    request.reject("expiresAt", "must be at most two years from now");
                }
            } catch (DateTimeParseException e) {
                request.reject("expiresAt", "must be an ISO-8601 instant");
            }
        }
        request.validOrThrow();
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        String keyRequestId = Ids.newId();
        String credentialsId = secrets.reserve(caller.oid(), OneTimeSecrets.KEY, Map.of("tenantId", member.tenantId()));
        CommandReceipt receipt = receipts.send(new RequestKey(memberId, accountId, keyRequestId, credentialsId, expiresAt,
                caller.actor()), memberId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("keyRequestId", keyRequestId);
        answer.put("credentials", ProvisioningController.credentialsUrl(credentialsId));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(POSITION_HEADER, Long.toString(receipt.position())).body(answer);
    }

    @DeleteMapping("/applications/{memberId}/keys/{keyId}")
    @Operation(summary = "Remove a key; it disappears from the list and from the directory")
    public ResponseEntity<Void> removeKey(@PathVariable String accountId, @PathVariable String memberId,
                                          @PathVariable String keyId) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId, "keyId", keyId);
        Caller caller = CurrentCaller.get();
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        CommandReceipt receipt = receipts.send(new RemoveKey(memberId, accountId, keyId, caller.actor()), memberId);
        return ResponseEntity.noContent()
                .header(POSITION_HEADER, Long.toString(receipt.position())).build();
    }

    /**
     * A Reply URL as Azure AD takes it: at most 256 characters, https (http only to localhost), a host, no
     * user info and no fragment.
     */
    private static String replyUrl(JsonRequest request, boolean required) {
        String value = request.text("replyUrl", required, MAX_URL_LENGTH);
        URI uri = absolute(request, "replyUrl", value);
        if (uri == null) return value;
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = "localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            request.reject("replyUrl", "must be an https URL (http only for localhost)");
        } else if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            request.reject("replyUrl", "must have a host and no user info or fragment");
        }
        return value;
    }

    /** An App ID URI as Azure AD takes it: at most 256 characters, api:// or https://, a host, no fragment. */
    private static String appIdUri(JsonRequest request, boolean required) {
        String value = request.text("appIdUri", required, MAX_URL_LENGTH);
        URI uri = absolute(request, "appIdUri", value);
        if (uri == null) return value;
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("api") && !scheme.equals("https")) {
            request.reject("appIdUri", "must be an api:// or https:// URI");
        } else if (uri.getRawAuthority() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            request.reject("appIdUri", "must name a host or an id after the scheme, with no user info or fragment");
        }
        return value;
    }

    /** The value as an absolute URI, or null when it is absent or already refused (then refused as such). */
    private static URI absolute(JsonRequest request, String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_URL_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.isAbsolute()) return uri;
        } catch (Exception e) {
            // refused below
        }
        request.reject(field, "must be an absolute URL");
        return null;
    }

    /** Reply URL and App ID URI are unique among the tenant's applications: checked before anything is pushed. */
    private void requireUnique(String tenantId, String replyUrl, String appIdUri, String exceptObjectId) {
        List<FieldError> errors = new ArrayList<>();
        for (Application application : directory.applicationsUsing(tenantId, replyUrl, appIdUri)) {
            if (application.objectId().equals(exceptObjectId)) continue;
            if (replyUrl != null && replyUrl.equals(application.replyUrl())) {
                errors.add(new FieldError("replyUrl", "is used by application " + application.displayName()));
            }
            if (appIdUri != null && appIdUri.equals(application.appIdUri())) {
                errors.add(new FieldError("appIdUri", "is used by application " + application.displayName()));
            }
        }
        if (!errors.isEmpty()) {
            throw Rejection.conflict("url-taken", "Reply URL and App ID URI must be unique among the tenant's "
                    + "applications.", errors);
        }
    }

    private ResponseEntity<Map<String, Object>> provisioning(String accountId, String memberId, CommandReceipt receipt,
                                                             Map<String, Object> more) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId);
        answer.put("status", "PROVISIONING");
        answer.putAll(more);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/accounts/" + accountId + "/members/" + memberId)
                .header(POSITION_HEADER, Long.toString(receipt.position()))
                .body(answer);
    }

    private ResponseEntity<Map<String, Object>> written(String memberId, CommandReceipt receipt) {
        return ResponseEntity.ok().eTag(ETags.of(receipt.versionOf(memberId)))
                .header(POSITION_HEADER, Long.toString(receipt.position()))
                .body(Map.of("memberId", memberId));
    }

    /** Azure AD's mailNickname: at most 64 characters, none of @()\[]";:.<>, or spaces; unique per group. */
    static String mailNickname(String displayName, String memberId) {
        String base = displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        if (base.length() > 48) base = base.substring(0, 48);
        return (base.isEmpty() ? "group" : base) + "-" + memberId.substring(0, 8);
    }
}
