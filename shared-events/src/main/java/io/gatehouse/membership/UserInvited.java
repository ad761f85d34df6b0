package io.gatehouse.membership;

import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An outside user was invited by email; the member is INVITATION_PENDING until the guest accepts. */
@StableName("UserInvited")
@Revision("1")
public record UserInvited(String accountId, String memberId, String invitationId, String tenantId,
                          @PersonalData(member = "memberId") String email,
                          Access access, Actor actor) implements MembershipEvent {
}
