package io.gatehouse.command.provisioning;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandSide;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.secrets.TemporaryPasswords;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The one-time secret a write asked for, kept once its command is accepted: written by the command side's
 * subscribing processor in the transaction that stores the event, so a refused command leaves no secret behind, and
 * the secret is there before directory sync can see the event. The event carries only the credentials id; the
 * temporary password is made here and never leaves the one-time store but to the directory and, once, its caller.
 */
@Component
@ProcessingGroup(CommandSide.LOOKUPS)
class OneTimeCredentials {

    private final OneTimeSecrets secrets;
    private final CommandLookups lookups;

    OneTimeCredentials(OneTimeSecrets secrets, CommandLookups lookups) {
        this.secrets = secrets;
        this.lookups = lookups;
    }

    @EventHandler
    void on(NewUserRequested event) {
        secrets.keep(event.credentialsId(), event.actor().oid(), OneTimeSecrets.TEMPORARY_PASSWORD,
                TemporaryPasswords.generate(), Map.of("username", event.username()));
    }

    @EventHandler
    void on(PasswordResetRequested event) {
        secrets.keep(event.credentialsId(), event.actor().oid(), OneTimeSecrets.TEMPORARY_PASSWORD,
                TemporaryPasswords.generate(), Map.of());
    }

    @EventHandler
    void on(DirectorySyncRetried event) {
        // only a retried creation or reset needs a new temporary password
        if (event.credentialsId() != null) {
            secrets.keep(event.credentialsId(), event.actor().oid(), OneTimeSecrets.TEMPORARY_PASSWORD,
                    TemporaryPasswords.generate(), Map.of());
        }
    }

    @EventHandler
    void on(KeyRequested event) {
        String tenantId = lookups.member(event.accountId(), event.memberId())
                .map(CommandLookups.CurrentMember::tenantId).orElseThrow();
        secrets.reserve(event.credentialsId(), event.actor().oid(), OneTimeSecrets.KEY, Map.of("tenantId", tenantId));
    }
}
