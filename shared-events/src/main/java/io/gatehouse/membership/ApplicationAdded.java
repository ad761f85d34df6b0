package io.gatehouse.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An existing Azure AD application became a member; {@code appId} is its client id. */
@StableName("ApplicationAdded")
@Revision("1")
public record ApplicationAdded(String accountId, String memberId, String tenantId, String directoryObjectId,
                               String displayName, String appId, Access access, Actor actor) implements MemberAdded {
    @Override
    @JsonIgnore
    public MemberType type() {
        return MemberType.APPLICATION;
    }
}
