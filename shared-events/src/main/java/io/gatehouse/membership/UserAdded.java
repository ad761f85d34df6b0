package io.gatehouse.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An existing directory user became a member. Names, username and email are personal data. */
@StableName("UserAdded")
@Revision("1")
public record UserAdded(String accountId, String memberId, String tenantId, String directoryObjectId,
                        String displayName, String firstName, String lastName, String username, String email,
                        Access access, Actor actor) implements MemberAdded {
    @Override
    @JsonIgnore
    public MemberType type() {
        return MemberType.USER;
    }
}
