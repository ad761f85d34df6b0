package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A new key for an application was asked for; the directory generates it and it is shown once. */
@StableName("KeyRequested")
@Revision("1")
public record KeyRequested(String accountId, String memberId, String keyRequestId, String credentialsId,
                           Instant expiresAt, Actor actor) implements MembershipEvent {
}
