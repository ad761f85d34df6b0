package io.gatehouse.command.membership;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.membership.MembershipCommands.InviteUsers;
import io.gatehouse.membership.MembershipCommands.NewInvitation;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Invites up to ten outside users in one transaction: all invitations are made, or none. */
@Component
public class InviteUsersHandler {

    private final Repository<Membership> membershipRepository;
    private final CommandLookups lookups;

    public InviteUsersHandler(Repository<Membership> membershipRepository, CommandLookups lookups) {
        this.membershipRepository = membershipRepository;
        this.lookups = lookups;
    }

    @CommandHandler
    public void handle(InviteUsers command) throws Exception {
        List<String> emails = command.invitations().stream().map(NewInvitation::email).toList();
        Set<String> pending = lookups.pendingInvitations(command.accountId(), command.tenantId(), emails);
        if (!pending.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < emails.size(); i++) {
                if (pending.contains(emails.get(i).toLowerCase(java.util.Locale.ROOT))) {
                    errors.add(new FieldError("emails[" + i + "]", emails.get(i) + " has a pending invitation already; resend it instead"));
                }
            }
            throw Rejection.conflict("already-invited", "Some addresses have pending invitations; none was invited.", errors);
        }
        for (NewInvitation invitation : command.invitations()) {
            membershipRepository.newInstance(() -> new Membership(command.accountId(), command.tenantId(), invitation,
                    command.access(), command.actor()));
        }
    }
}
