package io.gatehouse.membership;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A member's Partner Center access was replaced: roles changed, or custom permissions. */
@StableName("AccessChanged")
@Revision("1")
public record AccessChanged(String accountId, String memberId, Access access, Access previousAccess, Actor actor)
        implements MembershipEvent {
}
