package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A member's access ended. The directory object was not touched. */
@StableName("MemberRemoved")
@Revision("1")
public record MemberRemoved(String accountId, String memberId, RemovalReason reason, Actor actor)
        implements MembershipEvent {
}
