package io.gatehouse.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An existing directory group became a member; each user in it gets its access on top of their own. */
@StableName("GroupAdded")
@Revision("1")
public record GroupAdded(String accountId, String memberId, String tenantId, String directoryObjectId,
                         String displayName, Access access, Actor actor) implements MemberAdded {
    @Override
    @JsonIgnore
    public MemberType type() {
        return MemberType.GROUP;
    }
}
