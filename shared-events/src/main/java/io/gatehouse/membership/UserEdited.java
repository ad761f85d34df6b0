package io.gatehouse.membership;

import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A user's names or username changed; written through to the directory. Unchanged fields are null. */
@StableName("UserEdited")
@Revision("1")
public record UserEdited(String accountId, String memberId, @PersonalData(member = "memberId") String firstName,
                         @PersonalData(member = "memberId") String lastName,
                         @PersonalData(member = "memberId") String displayName,
                         @PersonalData(member = "memberId") String username, Actor actor) implements MembershipEvent {
}
