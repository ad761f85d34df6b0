package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

@StableName("InvitationResent")
@Revision("1")
public record InvitationResent(String accountId, String memberId, String invitationId, Actor actor)
        implements MembershipEvent {
}
