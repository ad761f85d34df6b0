package io.gatehouse.command.membership;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.membership.MembershipCommands.AddMembers;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adds several existing directory objects at once: one transaction creates one {@link Membership} per
 * object, so either all become members or none does. The check against current members is the friendly
 * answer; the lookup's unique key is what guarantees it under concurrency.
 */
@Component
public class AddMembersHandler {

    private final Repository<Membership> membershipRepository;
    private final CommandLookups lookups;

    public AddMembersHandler(Repository<Membership> membershipRepository, CommandLookups lookups) {
        this.membershipRepository = membershipRepository;
        this.lookups = lookups;
    }

    @CommandHandler
    public void handle(AddMembers command) throws Exception {
        List<String> objectIds = command.members().stream().map(NewMember::directoryObjectId).toList();
        Set<String> already = lookups.alreadyMembers(command.accountId(), objectIds);
        if (!already.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < objectIds.size(); i++) {
                if (already.contains(objectIds.get(i))) {
                    errors.add(new FieldError("directoryObjectIds[" + i + "]",
                            objectIds.get(i) + " is already a member of this account"));
                }
            }
            throw Rejection.conflict("already-member", already.size() + " of the directory objects already "
                    + (already.size() == 1 ? "is a member" : "are members") + "; none was added.", errors);
        }
        for (NewMember member : command.members()) {
            membershipRepository.newInstance(() -> new Membership(command.accountId(), command.tenantId(), member,
                    command.access(), command.actor()));
        }
    }
}
