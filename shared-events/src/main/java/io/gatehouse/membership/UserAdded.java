package io.gatehouse.membership;

import io.gatehouse.messaging.privacy.PersonalData;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An existing directory user became a member. Names, username and email are personal data,
 * encrypted with the user's key. */
@StableName("UserAdded")
@Revision("1")
public record UserAdded(String accountId, String memberId, String tenantId, String directoryObjectId,
                        @PersonalData(person = "directoryObjectId", member = "memberId") String displayName,
                        @PersonalData(person = "directoryObjectId", member = "memberId") String firstName,
                        @PersonalData(person = "directoryObjectId", member = "memberId") String lastName,
                        @PersonalData(person = "directoryObjectId", member = "memberId") String username,
                        @PersonalData(person = "directoryObjectId", member = "memberId") String email,
                        Access access, Actor actor) implements MemberAdded {
    @Override
    @JsonIgnore
    public MemberType type() {
        return MemberType.USER;
    }
}
