package io.gatehouse.command.account;

import io.gatehouse.account.AccountCommands.AssociateTenant;
import io.gatehouse.account.AccountCommands.CreateAccount;
import io.gatehouse.account.AccountCommands.RemoveTenant;
import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.messaging.Rejection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.gatehouse.account.AccountCommands.RecordDirectoryIntegration;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.messaging.Actor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A Partner Center account: its owner and its associated tenants. Members are aggregates of their own, so
 * that work on different members never contends on this stream.
 */
@Aggregate
public class Account {

    @AggregateIdentifier
    private String accountId;
    private String ownerOid;
    private final Set<String> tenants = new HashSet<>();
    private final Map<String, Boolean> directoryIntegration = new HashMap<>();

    protected Account() {
    }

    /** Every decision on an existing account answers the version it leaves the account at (its write's receipt). */
    @CommandHandlerInterceptor
    public Object answerVersion(InterceptorChain chain) throws Exception {
        chain.proceed();
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Account(CreateAccount command) {
        apply(new AccountCreated(command.accountId(), command.displayName(), command.owner().oid(),
                command.tenantId(), command.owner()));
    }

    @CommandHandler
    public void handle(AssociateTenant command) {
        if (tenants.contains(command.tenantId())) {
            throw Rejection.conflict("tenant-already-associated",
                    "Tenant " + command.tenantId() + " is already associated with this account.");
        }
        apply(new TenantAssociated(accountId, command.tenantId(), command.actor()));
    }

    @CommandHandler
    public void handle(RemoveTenant command) {
        if (!tenants.contains(command.tenantId())) {
            throw Rejection.notFound("Tenant " + command.tenantId() + " is not associated with this account.");
        }
        if (command.tenantId().equals(command.callerTenantId())) {
            throw Rejection.conflict("own-tenant",
                    "Nobody can remove the tenant they are signed in to; sign in to another tenant first.");
        }
        if (tenants.size() == 1 && !command.actor().oid().equals(ownerOid)) {
            throw Rejection.forbidden("Only the account owner may remove the last tenant.");
        }
        apply(new TenantRemoved(accountId, command.tenantId(), command.actor()));
    }

    @CommandHandler
    public void handle(RecordDirectoryIntegration command) {
        if (tenants.contains(command.tenantId())
                && directoryIntegration.getOrDefault(command.tenantId(), false) != command.onPremisesSyncEnabled()) {
            apply(new DirectoryIntegrationChanged(accountId, command.tenantId(), command.onPremisesSyncEnabled(),
                    Actor.DIRECTORY_SYNC));
        }
    }

    @EventSourcingHandler
    void on(DirectoryIntegrationChanged event) {
        directoryIntegration.put(event.tenantId(), event.onPremisesSyncEnabled());
    }

    @EventSourcingHandler
    void on(AccountCreated event) {
        accountId = event.accountId();
        ownerOid = event.ownerObjectId();
        tenants.add(event.tenantId());
    }

    @EventSourcingHandler
    void on(TenantAssociated event) {
        tenants.add(event.tenantId());
    }

    @EventSourcingHandler
    void on(TenantRemoved event) {
        tenants.remove(event.tenantId());
        directoryIntegration.remove(event.tenantId());
    }
}
