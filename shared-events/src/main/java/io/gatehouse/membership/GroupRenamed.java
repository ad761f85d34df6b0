package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

@StableName("GroupRenamed")
@Revision("1")
public record GroupRenamed(String accountId, String memberId, String displayName, Actor actor)
        implements MembershipEvent {
}
