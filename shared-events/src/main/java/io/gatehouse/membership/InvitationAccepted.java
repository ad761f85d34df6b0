package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** The guest redeemed the invitation, as the directory's {@code externalUserState} says; it is now ACTIVE. */
@StableName("InvitationAccepted")
@Revision("1")
public record InvitationAccepted(String accountId, String memberId, String invitationId, Actor actor)
        implements MembershipEvent {
}
