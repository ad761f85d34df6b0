package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.membership.AccessChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One member of an account: a user, group or application of one of its tenants, with its Partner Center
 * access. Each member is its own stream, so that Managers working on different members never wait for each
 * other; {@link AddMembersHandler} makes sure a directory object is a member at most once.
 */
@Aggregate
public class Membership {

    @AggregateIdentifier
    private String memberId;
    private String accountId;
    private Access access;

    protected Membership() {
    }

    /** Created by {@link AddMembersHandler}, which adds several members in one transaction. */
    Membership(String accountId, String tenantId, NewMember member, Access access, Actor actor) {
        requireValid(access);
        apply(switch (member.type()) {
            case USER -> new UserAdded(accountId, member.memberId(), tenantId, member.directoryObjectId(),
                    member.displayName(), member.firstName(), member.lastName(), member.username(), member.email(),
                    access, actor);
            case GROUP -> new GroupAdded(accountId, member.memberId(), tenantId, member.directoryObjectId(),
                    member.displayName(), access, actor);
            case APPLICATION -> new ApplicationAdded(accountId, member.memberId(), tenantId,
                    member.directoryObjectId(), member.displayName(), member.appId(), access, actor);
        });
    }

    @CommandHandler
    public void handle(ChangeAccess command) {
        requireOfAccount(command.accountId());
        requireValid(command.access());
        if (command.access().equals(access)) {
            return; // nothing changes, nothing to record
        }
        apply(new AccessChanged(accountId, memberId, command.access(), access, command.actor()));
    }

    @CommandHandler
    public void handle(RemoveMember command) {
        requireOfAccount(command.accountId());
        apply(new MemberRemoved(accountId, memberId, command.reason(), command.actor()));
    }

    private void requireOfAccount(String accountId) {
        if (!this.accountId.equals(accountId)) {
            throw Rejection.notFound("No member " + memberId + " in account " + accountId + ".");
        }
    }

    private static void requireValid(Access access) {
        var problems = Access.problems(access, "access");
        if (!problems.isEmpty()) {
            throw Rejection.invalid("The access is not valid.", problems);
        }
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        memberId = event.memberId();
        accountId = event.accountId();
        access = event.access();
    }

    @EventSourcingHandler
    void on(AccessChanged event) {
        access = event.access();
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        // a removed member's stream is closed: a re-add creates a new member
        AggregateLifecycle.markDeleted();
    }
}
