package io.gatehouse.axonbaseline;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The baseline's commands and events, records as in Gatehouse's vocabulary. */
final class Messages {

    private Messages() {
    }

    record RegisterMember(@TargetAggregateIdentifier String memberId, String accountId) {
    }

    record MemberRegistered(String memberId, String accountId) {
    }

    record ChangeAccess(@TargetAggregateIdentifier String memberId, String accountId, List<String> roles,
                        String actorOid) {
    }

    record AccessChanged(String memberId, String accountId, List<String> roles, String actorOid) {
    }
}
