package io.gatehouse.account;

import io.gatehouse.messaging.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a Partner Center account: its creation and its associated Azure AD tenants. */
public final class AccountCommands {

    private AccountCommands() {
    }

    /** The caller creates an account, becomes its owner, and the tenant it signed in to is associated. */
    public record CreateAccount(@TargetAggregateIdentifier String accountId, String displayName, String tenantId,
                                Actor owner) {
    }

    /** Associates another tenant; the caller is signed in to it. */
    public record AssociateTenant(@TargetAggregateIdentifier String accountId, String tenantId, Actor actor) {
    }

    /**
     * Removes a tenant; its members lose access. Nobody can remove the tenant they are signed in to, and only
     * the owner may remove the last one.
     */
    public record RemoveTenant(@TargetAggregateIdentifier String accountId, String tenantId, String callerTenantId,
                               Actor actor) {
    }

    /** What the directory says of a tenant's on-premises sync; recorded only when it changes. */
    public record RecordDirectoryIntegration(@TargetAggregateIdentifier String accountId, String tenantId,
                                             boolean onPremisesSyncEnabled) {
    }
}
