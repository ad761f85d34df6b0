package io.gatehouse.command.membership;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySyncFailure;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Records what directory sync did. When the directory answers with an object that already is another member
 * of the account (a guest invited twice, a user created under a name someone added meanwhile), the outcome
 * is a failure with that reason: a directory object is a member of an account at most once.
 */
@Component
public class DirectorySyncOutcomes {

    private final Repository<Membership> membershipRepository;
    private final CommandLookups lookups;

    public DirectorySyncOutcomes(Repository<Membership> membershipRepository, CommandLookups lookups) {
        this.membershipRepository = membershipRepository;
        this.lookups = lookups;
    }

    @CommandHandler
    public void handle(RecordDirectorySync command) {
        boolean takenByAnother = command.directoryObjectId() != null
                && lookups.memberOfObject(command.accountId(), command.directoryObjectId())
                .filter(other -> !other.equals(command.memberId())).isPresent();
        if (takenByAnother) {
            membershipRepository.load(command.memberId()).execute(member -> member.recordFailure(
                    new RecordDirectorySyncFailure(command.memberId(), command.accountId(), command.operation(),
                            "The directory object " + command.directoryObjectId()
                                    + " already is another member of this account.", "AlreadyMember")));
        } else {
            membershipRepository.load(command.memberId()).execute(member -> member.recordSynced(command));
        }
    }
}
