package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A new temporary password was asked for; it waits in the one-time store under {@code credentialsId}. */
@StableName("PasswordResetRequested")
@Revision("1")
public record PasswordResetRequested(String accountId, String memberId, String credentialsId, Actor actor)
        implements MembershipEvent {
}
