package io.gatehouse.axonbaseline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.gatehouse.axonbaseline.Messages.AccessChanged;
import io.gatehouse.axonbaseline.Messages.ChangeAccess;
import io.gatehouse.axonbaseline.Messages.MemberRegistered;
import io.gatehouse.axonbaseline.Messages.RegisterMember;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A member's access, event-sourced. Gatehouse's members exist in Gatehouse's store, not in this one: a member's
 * stream starts here with {@link RegisterMember}, sent by the controller the first time it finds none (in the
 * warm-up). Not {@code CREATE_IF_MISSING} on the change itself: Axon then loads the member without its cache.
 * Cached ({@link MemberCache}) and snapshotted every 200 events (the counterparts of Gatehouse's), so a command
 * does not read the member's events back.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // its snapshot is its fields, in Jackson
@Aggregate(cache = "memberCache", snapshotTriggerDefinition = "memberSnapshots")
class Member {

    @AggregateIdentifier
    private String memberId;
    private List<String> roles = List.of();
    private long version = -1;

    protected Member() {
    }

    @CommandHandler
    Member(RegisterMember command) {
        apply(new MemberRegistered(command.memberId(), command.accountId()));
    }

    /** Answers the member's version after the change: the ETag. */
    @CommandHandler
    long handle(ChangeAccess command) {
        if (!command.roles().equals(roles)) {
            apply(new AccessChanged(command.memberId(), command.accountId(), command.roles(), command.actorOid()));
        }
        return version;
    }

    @EventSourcingHandler
    void on(MemberRegistered event) {
        memberId = event.memberId();
        version++;
    }

    @EventSourcingHandler
    void on(AccessChanged event) {
        roles = event.roles();
        version++;
    }
}
