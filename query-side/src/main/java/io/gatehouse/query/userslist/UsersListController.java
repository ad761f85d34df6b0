package io.gatehouse.query.userslist;

import java.util.UUID;
import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.ETags;
import io.gatehouse.platform.web.Paging;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.history.UsersListAsOf;
import io.gatehouse.query.userslist.UsersListViews.MemberRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The Users page: the account, its members, one member, and a member's effective access. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
@ReadsProjection({UsersListProjection.NAME, io.gatehouse.query.history.HistoryProjection.NAME})
@Tag(name = "Users list")
public class UsersListController {

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
    public UsersPageAnswers.Account account(Caller caller, @PathVariable UUID accountId) {
        policy.requireMember(caller, accountId.toString());
        UsersListViews.AccountRow account = views.accountRow(accountId.toString()).orElseThrow();
        return new UsersPageAnswers.Account(account.accountId(), account.displayName(), account.ownerOid(),
                account.tenants().stream()
                        .map(t -> new UsersPageAnswers.Tenant(t.tenantId(), t.directoryIntegration())).toList());
    }

    @GetMapping("/members")
    @Operation(summary = "The Users list: filter by type, tenant and status, search name, username and email")
    public UsersPageAnswers.Page<UsersPageAnswers.ListItem> members(Caller caller, @PathVariable UUID accountId,
                                                                    @Valid @ParameterObject UsersListQueries.MembersQuery query) {
        MemberType memberType = query.type() == null ? null : MemberType.fromApiName(query.type());
        int pageNumber = Paging.page(query.page());
        int pageSize = Paging.size(query.size());
        java.time.Instant asOfInstant = query.asOf();
        policy.requireMember(caller, accountId.toString());
        UsersListViews.Filter filter = new UsersListViews.Filter(memberType, query.search(), query.tenantId(),
                UsersListQueries.status(query));
        UsersListViews.Page result = asOfInstant != null
                ? listAsOf.at(accountId.toString(), asOfInstant, filter, pageNumber, pageSize)
                : views.members(accountId.toString(), filter, pageNumber, pageSize);
        return new UsersPageAnswers.Page<>(result.items().stream().map(UsersPageAnswers.ListItem::of).toList(),
                pageNumber, pageSize, result.total());
    }

    @GetMapping("/members/{memberId}")
    @Operation(summary = "One member, with its ETag")
    public ResponseEntity<UsersPageAnswers.Member> member(Caller caller, @PathVariable UUID accountId,
                                                          @PathVariable UUID memberId) {
        policy.requireMember(caller, accountId.toString());
        MemberRow row = views.member(accountId.toString(), memberId.toString())
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
        UsersPageAnswers.UserFields user = row.type() == MemberType.USER
                ? new UsersPageAnswers.UserFields(row.firstName(), row.lastName(), row.groupIds()) : null;
        UsersPageAnswers.ApplicationFields application = null;
        if (row.type() == MemberType.APPLICATION) {
            java.time.Instant now = java.time.Instant.now();
            application = new UsersPageAnswers.ApplicationFields(row.appId(), row.replyUrl(), row.appIdUri(),
                    views.keys(memberId.toString()).stream().map(key -> new UsersPageAnswers.Key(key.keyId(),
                            key.hint(), key.createdAt(), key.expiresAt(), key.expiresAt().isBefore(now))).toList());
        }
        return ResponseEntity.ok().eTag(ETags.of(row.version()))
                .body(new UsersPageAnswers.Member(UsersPageAnswers.ListItem.of(row), user, application));
    }

    @GetMapping("/members/{memberId}/effective-access")
    @Operation(summary = "A member's own access plus that of the member groups in the caller's groups claim")
    public UsersPageAnswers.EffectiveAccess effectiveAccess(Caller caller, @PathVariable UUID accountId,
                                                            @PathVariable UUID memberId) {
        policy.requireMember(caller, accountId.toString());
        MemberRow row = views.member(accountId.toString(), memberId.toString())
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
        List<UsersPageAnswers.GrantedBy> grantedBy = new ArrayList<>();
        grantedBy.add(UsersPageAnswers.GrantedBy.of(row));
        Access access = row.access();
        // Group memberships are known from the caller's token: they count when the member is the caller.
        boolean isCaller = row.type() == MemberType.USER && caller.oid().equals(row.directoryObjectId())
                && row.tenantId().equals(caller.tenantId());
        if (isCaller && !caller.groups().isEmpty()) {
            for (MemberRow group : views.groupsAmong(accountId.toString(), caller.tenantId(), new HashSet<>(caller.groups()))) {
                access = access.union(group.access());
                grantedBy.add(UsersPageAnswers.GrantedBy.of(group));
            }
        }
        return new UsersPageAnswers.EffectiveAccess(memberId.toString(), access, grantedBy);
    }
}
