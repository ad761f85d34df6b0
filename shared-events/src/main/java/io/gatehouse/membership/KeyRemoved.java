package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A key was removed from an application; directory sync removes it from the directory. */
@StableName("KeyRemoved")
@Revision("1")
public record KeyRemoved(String accountId, String memberId, String keyId, Actor actor) implements MembershipEvent {
}
