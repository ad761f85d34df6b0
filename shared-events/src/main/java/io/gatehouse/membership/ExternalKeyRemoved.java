package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A key of the application is gone from the directory, removed outside Gatehouse. */
@StableName("ExternalKeyRemoved")
@Revision("1")
public record ExternalKeyRemoved(String accountId, String memberId, String keyId, Actor actor)
        implements MembershipEvent {
}
