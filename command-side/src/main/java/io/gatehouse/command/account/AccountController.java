package io.gatehouse.command.account;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import io.gatehouse.account.AccountCommands.AssociateTenant;
import io.gatehouse.account.AccountCommands.CreateAccount;
import io.gatehouse.account.AccountCommands.RemoveTenant;
import io.gatehouse.account.AccountCommands.RecordDirectoryIntegration;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;


@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Accounts and tenants")
public class AccountController {

    private final AccessPolicy policy;
    private final CommandReceipts receipts;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccountController.class);

    private final ObjectProvider<LocalDirectory> localDirectory;
    private final Directory directory;

    public AccountController(AccessPolicy commandAccessPolicy, CommandReceipts receipts,
                             ObjectProvider<LocalDirectory> localDirectory, Directory directory) {
        this.directory = directory;
        this.policy = commandAccessPolicy;
        this.receipts = receipts;
        this.localDirectory = localDirectory;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Operation(summary = "Create an account: the caller becomes its owner and its tenant is associated")
    public ResponseEntity<AccountRequests.CreatedAccount> create(Caller caller,
                                                                 @Valid @RequestBody AccountRequests.NewAccount body) {
        String displayName = body.displayName();
        String accountId = Ids.newId();
        localDirectory.ifAvailable(directory -> directory.knowCaller(caller));
        long position = receipts.send(new CreateAccount(accountId, displayName, caller.tenantId(), caller.actor()))
                .position();
        position = Math.max(position, recordDirectoryIntegration(accountId, caller.tenantId()));
        return Written.at(HttpStatus.CREATED, position).location(URI.create("/api/v1/accounts/" + accountId))
                .body(new AccountRequests.CreatedAccount(accountId, caller.oid(), caller.tenantId()));
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/{accountId}/tenants")
    @Operation(summary = "Associate the tenant the caller is signed in to")
    public ResponseEntity<AccountRequests.AssociatedTenant> associateTenant(
            Caller caller, @PathVariable UUID accountId, @Valid @RequestBody AccountRequests.TenantToAssociate body) {
        String tenantId = body.tenantId();
        policy.requireManagerAnywhere(caller, accountId.toString());
        if (!tenantId.equals(caller.tenantId())) {
            throw Rejection.forbidden("Sign in to tenant " + tenantId + " to associate it.");
        }
        localDirectory.ifAvailable(directory -> directory.knowCaller(caller));
        long position = receipts.send(new AssociateTenant(accountId.toString(), tenantId, caller.actor()), accountId.toString()).position();
        position = Math.max(position, recordDirectoryIntegration(accountId.toString(), tenantId));
        return Written.at(HttpStatus.CREATED, position).location(URI.create("/api/v1/accounts/" + accountId.toString()))
                .body(new AccountRequests.AssociatedTenant(accountId.toString(), tenantId));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{accountId}/tenants/{tenantId}")
    @Operation(summary = "Remove a tenant: its members lose access")
    public ResponseEntity<Void> removeTenant(Caller caller, @PathVariable UUID accountId, @PathVariable UUID tenantId) {
        policy.requireManager(caller, accountId.toString(), null);
        CommandReceipt receipt = receipts.send(new RemoveTenant(accountId.toString(), tenantId.toString(), caller.tenantId(), caller.actor()),
                accountId.toString());
        return Written.of(HttpStatus.NO_CONTENT, receipt)
                .build();
    }

    /**
     * The tenant's on-premises sync, read from the directory when it is associated (directory sync refreshes it);
     * answers the position of what it recorded, 0 when nothing.
     */
    private long recordDirectoryIntegration(String accountId, String tenantId) {
        try {
            if (directory.directoryIntegration(tenantId)) {
                return receipts.send(new RecordDirectoryIntegration(accountId, tenantId, true), accountId).position();
            }
        } catch (DirectoryException e) {
            log.warn("Could not read directory integration of tenant {} ({}); directory sync will retry",
                    tenantId, e.reason());
        }
        return 0;
    }
}
