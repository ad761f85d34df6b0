package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The directory made the key. No secret here: only its id, hint and dates. */
@StableName("KeyAdded")
@Revision("1")
public record KeyAdded(String accountId, String memberId, String keyRequestId, String keyId, String hint,
                       Instant createdAt, Instant expiresAt, Actor actor) implements MembershipEvent {
}
