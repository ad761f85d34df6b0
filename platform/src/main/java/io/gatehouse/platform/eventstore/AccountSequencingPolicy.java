package io.gatehouse.platform.eventstore;

import io.gatehouse.account.AccountEvent;
import io.gatehouse.membership.MembershipEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Handles the events of one account in order, and different accounts in parallel: a projection that joins
 * account and member events (a removed tenant takes its members from the Users list) needs that order,
 * which Axon's default per-aggregate policy does not give across the account's and the members' streams.
 */
public class AccountSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof AccountEvent accountEvent) {
            return accountEvent.accountId();
        }
        if (payload instanceof MembershipEvent membershipEvent) {
            return membershipEvent.accountId();
        }
        return event.getIdentifier();
    }
}
