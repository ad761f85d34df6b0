package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The application has a key Gatehouse did not make (made in the Azure portal, or before the application was added).
 * Its id, hint and dates only: Graph never shows a key's secret again.
 */
@StableName("ExternalKeyAdded")
@Revision("1")
public record ExternalKeyAdded(String accountId, String memberId, String keyId, String hint, Instant createdAt,
                               Instant expiresAt, Actor actor) implements MembershipEvent {
}
