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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * New groups, new Azure AD applications, and application keys, translated from HTTP to
 * {@link ProvisionGroupsAndApplications}: pushed to the directory by directory sync.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@Tag(name = "Directory changes")
public class GroupsAndApplicationsController {

    static final int MAX_URL_LENGTH = 256;
    static final Duration DEFAULT_KEY_LIFETIME = Duration.ofDays(730);

    private final ProvisionGroupsAndApplications provisioning;

    public GroupsAndApplicationsController(ProvisionGroupsAndApplications provisioning) {
        this.provisioning = provisioning;
    }

    @PostMapping("/groups/new")
    @Operation(summary = "Create a new security group with user members of the account in it")
    public ResponseEntity<Map<String, Object>> createGroup(Caller caller, @PathVariable UUID accountId, @RequestBody JsonNode body) {
        JsonRequest request = JsonRequest.of(body);
        String displayName = request.text("displayName", true, 256);
        List<String> memberIds = request.texts("memberIds", 0, 100, Ids::isGuid, "is not a member id (a GUID)");
        Access access = request.access("access");
        request.validOrThrow();
        ProvisionGroupsAndApplications.Provisioning created = provisioning.createGroup(caller, accountId.toString(),
                displayName, memberIds, access);
        return provisioning(accountId.toString(), created, Map.of());
    }

    @PatchMapping("/groups/{memberId}")
    @Operation(summary = "Rename a group; written through to the directory")
    public ResponseEntity<Map<String, Object>> renameGroup(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                           @RequestBody JsonNode body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        JsonRequest request = JsonRequest.of(body);
        String displayName = request.text("displayName", true, 256);
        request.validOrThrow();
        CommandReceipt receipt = provisioning.renameGroup(caller, accountId.toString(), memberId.toString(), displayName,
                expectedVersion);
        return written(memberId.toString(), receipt);
    }

    @PostMapping("/applications/new")
    @Operation(summary = "Create a new Azure AD application: Reply URL and App ID URI, each unique in the tenant")
    public ResponseEntity<Map<String, Object>> createApplication(Caller caller, @PathVariable UUID accountId,
                                                                 @RequestBody JsonNode body) {
        JsonRequest request = JsonRequest.of(body);
        String replyUrl = replyUrl(request, true);
        String appIdUri = appIdUri(request, true);
        String displayName = request.text("displayName", false, 120);
        Access access = request.access("access");
        request.validOrThrow();
        ProvisionGroupsAndApplications.Provisioning created = provisioning.createApplication(caller,
                accountId.toString(), displayName, replyUrl, appIdUri, access);
        return provisioning(accountId.toString(), created, Map.of("tenantId", caller.tenantId(), "replyUrl", replyUrl,
                "appIdUri", appIdUri));
    }

    @PatchMapping("/applications/{memberId}")
    @Operation(summary = "Change an application's Reply URL or App ID URI; same rules, written through")
    public ResponseEntity<Map<String, Object>> changeApplication(Caller caller, @PathVariable UUID accountId,
                                                                 @PathVariable UUID memberId,
                                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                                 @RequestBody JsonNode body) {
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        JsonRequest request = JsonRequest.of(body);
        String replyUrl = request.has("replyUrl") ? replyUrl(request, true) : null;
        String appIdUri = request.has("appIdUri") ? appIdUri(request, true) : null;
        if (replyUrl == null && appIdUri == null) {
            request.reject("body", "give replyUrl, appIdUri or both");
        }
        request.validOrThrow();
        CommandReceipt receipt = provisioning.changeApplication(caller, accountId.toString(), memberId.toString(),
                replyUrl, appIdUri, expectedVersion);
        return written(memberId.toString(), receipt);
    }

    @PostMapping("/applications/{memberId}/keys")
    @Operation(summary = "Add a key: the directory generates it and it is shown once through the credentials URL")
    public ResponseEntity<Map<String, Object>> addKey(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                                      @RequestBody(required = false) JsonNode body) {
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
        ProvisionGroupsAndApplications.KeyRequested key = provisioning.addKey(caller, accountId.toString(),
                memberId.toString(), expiresAt);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("keyRequestId", key.keyRequestId());
        answer.put("credentials", ProvisioningController.credentialsUrl(key.credentialsId()));
        return Written.of(HttpStatus.ACCEPTED, key.receipt()).body(answer);
    }

    @DeleteMapping("/applications/{memberId}/keys/{keyId}")
    @Operation(summary = "Remove a key; it disappears from the list and from the directory")
    public ResponseEntity<Void> removeKey(Caller caller, @PathVariable UUID accountId, @PathVariable UUID memberId,
                                          @PathVariable UUID keyId) {
        CommandReceipt receipt = provisioning.removeKey(caller, accountId.toString(), memberId.toString(),
                keyId.toString());
        return Written.of(HttpStatus.NO_CONTENT, receipt).build();
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

    private ResponseEntity<Map<String, Object>> provisioning(String accountId,
                                                             ProvisionGroupsAndApplications.Provisioning created,
                                                             Map<String, Object> more) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", created.memberId());
        answer.put("status", "PROVISIONING");
        answer.putAll(more);
        return Written.of(HttpStatus.ACCEPTED, created.receipt())
                .header("Location", "/api/v1/accounts/" + accountId + "/members/" + created.memberId())
                .body(answer);
    }

    private ResponseEntity<Map<String, Object>> written(String memberId, CommandReceipt receipt) {
        return Written.member(HttpStatus.OK, receipt, memberId)
                .body(Map.of("memberId", memberId));
    }
}
