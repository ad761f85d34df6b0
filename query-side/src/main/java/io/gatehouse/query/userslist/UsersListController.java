package io.gatehouse.query.userslist;

import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.security.CurrentCaller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.platform.web.Ids;
import io.gatehouse.platform.web.PathIds;
import io.gatehouse.platform.web.QueryParams;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.history.UsersListAsOf;
import io.gatehouse.query.userslist.UsersListViews.MemberRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Users page: the account, its members, one member, and a member's effective access. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@ReadsProjection({UsersListProjection.NAME, io.gatehouse.query.history.HistoryProjection.NAME})
@Tag(name = "Users list")
public class UsersListController {

    static final Set<String> STATUSES = Set.of("ACTIVE", "INVITATION_PENDING", "PROVISIONING", "SYNC_FAILED");

    private final UsersListViews views;
    private final AccessPolicy policy;
    private final UsersListAsOf listAsOf;

    public UsersListController(UsersListViews views, AccessPolicy queryAccessPolicy, UsersListAsOf asOf) {
        this.views = views;
        this.policy = queryAccessPolicy;
        this.listAsOf = asOf;
    }

    @GetMapping
    @Operation(summary = "The account, its owner and its associated tenants")
    public Map<String, Object> account(@PathVariable String accountId) {
        PathIds.requireGuids("accountId", accountId);
        policy.requireMember(CurrentCaller.get(), accountId);
        UsersListViews.AccountRow account = views.accountRow(accountId).orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accountId", account.accountId());
        answer.put("displayName", account.displayName());
        answer.put("ownerId", account.ownerOid());
        answer.put("tenants", account.tenants().stream()
                .map(t -> Map.of("tenantId", t.tenantId(), "directoryIntegration", t.directoryIntegration()))
                .toList());
        return answer;
    }

    @GetMapping("/members")
    @Operation(summary = "The Users list: filter by type, tenant and status, search name, username and email")
    public Map<String, Object> members(@PathVariable String accountId,
                                       @RequestParam(required = false) String type,
                                       @RequestParam(required = false) String search,
                                       @RequestParam(required = false) String tenantId,
                                       @RequestParam(required = false) String status,
                                       @RequestParam(required = false) String asOf,
                                       @RequestParam(defaultValue = "0") String page,
                                       @RequestParam(defaultValue = "50") String size) {
        PathIds.requireGuids("accountId", accountId);
        QueryParams params = new QueryParams();
        MemberType memberType = null;
        if (type != null) {
            try {
                memberType = MemberType.fromApiName(type);
            } catch (IllegalArgumentException e) {
                params.reject("type", "must be user, group or application");
            }
        }
        if (tenantId != null && !Ids.isGuid(tenantId)) {
            params.reject("tenantId", "is not a tenant id (a GUID)");
        }
        if (status != null && !STATUSES.contains(status)) {
            params.reject("status", "must be one of " + String.join(", ", STATUSES));
        }
        if (search != null && search.length() > 256) {
            params.reject("search", "must be at most 256 characters");
        }
        java.time.Instant asOfInstant = params.instant("asOf", asOf);
        int pageNumber = params.page(page);
        int pageSize = params.size(size);
        params.validOrThrow();
        Caller caller = CurrentCaller.get();
        policy.requireMember(caller, accountId);
        UsersListViews.Filter filter = new UsersListViews.Filter(memberType, search, tenantId, status);
        UsersListViews.Page result = asOfInstant != null
                ? listAsOf.at(accountId, asOfInstant, filter, pageNumber, pageSize)
                : views.members(accountId, filter, pageNumber, pageSize);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", result.items().stream().map(UsersListController::listItem).toList());
        answer.put("page", pageNumber);
        answer.put("size", pageSize);
        answer.put("total", result.total());
        return answer;
    }

    @GetMapping("/members/{memberId}")
    @Operation(summary = "One member, with its ETag")
    public ResponseEntity<Map<String, Object>> member(@PathVariable String accountId, @PathVariable String memberId) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId);
        policy.requireMember(CurrentCaller.get(), accountId);
        MemberRow row = views.member(accountId, memberId)
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
        Map<String, Object> answer = listItem(row);
        switch (row.type()) {
            case USER -> {
                answer.put("firstName", row.firstName());
                answer.put("lastName", row.lastName());
                answer.put("groups", row.groupIds());
            }
            case APPLICATION -> {
                answer.put("clientId", row.appId());
                answer.put("replyUrl", row.replyUrl());
                answer.put("appIdUri", row.appIdUri());
                java.time.Instant now = java.time.Instant.now();
                answer.put("keys", views.keys(memberId).stream().map(key -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("keyId", key.keyId());
                    item.put("hint", key.hint());
                    item.put("createdAt", key.createdAt());
                    item.put("expiresAt", key.expiresAt());
                    item.put("expired", key.expiresAt().isBefore(now));
                    return item;
                }).toList());
            }
            case GROUP -> {
            }
        }
        return ResponseEntity.ok().eTag(ETags.of(row.version())).body(answer);
    }

    @GetMapping("/members/{memberId}/effective-access")
    @Operation(summary = "A member's own access plus that of the member groups in the caller's groups claim")
    public Map<String, Object> effectiveAccess(@PathVariable String accountId, @PathVariable String memberId) {
        PathIds.requireGuids("accountId", accountId, "memberId", memberId);
        Caller caller = CurrentCaller.get();
        policy.requireMember(caller, accountId);
        MemberRow row = views.member(accountId, memberId)
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
        List<Map<String, Object>> grantedBy = new ArrayList<>();
        grantedBy.add(source(row));
        Access access = row.access();
        // Group memberships are known from the caller's token: they count when the member is the caller.
        boolean isCaller = row.type() == MemberType.USER && caller.oid().equals(row.directoryObjectId())
                && row.tenantId().equals(caller.tenantId());
        if (isCaller && !caller.groups().isEmpty()) {
            for (MemberRow group : views.groupsAmong(accountId, caller.tenantId(), new HashSet<>(caller.groups()))) {
                access = access.union(group.access());
                grantedBy.add(source(group));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId);
        answer.put("access", access);
        answer.put("grantedBy", grantedBy);
        return answer;
    }

    private static Map<String, Object> source(MemberRow row) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("memberId", row.memberId());
        source.put("type", row.type().apiName());
        source.put("displayName", row.displayName());
        source.put("access", row.access());
        return source;
    }

    static Map<String, Object> listItem(MemberRow row) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("memberId", row.memberId());
        item.put("type", row.type().apiName());
        item.put("displayName", row.displayName());
        item.put("username", row.username());
        item.put("email", row.email());
        item.put("tenantId", row.tenantId());
        item.put("directoryObjectId", row.directoryObjectId());
        item.put("access", row.access());
        item.put("status", row.status());
        item.put("lastActivity", row.lastActivity());
        item.put("directoryState", row.directoryState());
        if (row.invitationId() != null) {
            item.put("invitationId", row.invitationId());
        }
        if (row.syncError() != null) {
            item.put("syncError", row.syncError());
        }
        return item;
    }
}
