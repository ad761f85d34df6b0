package io.gatehouse.command.membership;

import io.gatehouse.account.TenantRemoved;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.RemovalReason;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import io.gatehouse.platform.eventstore.CommandRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * When a tenant is removed, each of its members loses access: access checks stop counting them at once, and
 * this policy then records a {@code MemberRemoved} for each, so the history says so and the directory objects
 * may be added again later.
 */
@Component
@ProcessingGroup("tenant-removal")
public class TenantRemovalPolicy {

    private static final Logger log = LoggerFactory.getLogger(TenantRemovalPolicy.class);

    private final CommandLookups lookups;
    private final CommandGateway commands;

    public TenantRemovalPolicy(CommandLookups lookups, CommandGateway commands) {
        this.lookups = lookups;
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(TenantRemoved event) {
        boolean associatedAgain = lookups.account(event.accountId())
                .map(account -> account.tenants().contains(event.tenantId())).orElse(false);
        if (associatedAgain) {
            return; // its members kept their access
        }
        var memberIds = lookups.memberIdsOfTenant(event.accountId(), event.tenantId());
        log.info("Tenant removed from account {}: ending access of {} members", event.accountId(), memberIds.size());
        for (String memberId : memberIds) {
            try {
                commands.sendAndWait(new RemoveMember(memberId, event.accountId(), RemovalReason.TENANT_REMOVED,
                        null, event.actor()));
            } catch (RuntimeException e) {
                if (!CommandRefusal.isNotFound(e)) throw e;
                // removed meanwhile: nothing left to do
            }
        }
    }
}
