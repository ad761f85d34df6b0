package io.gatehouse.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/**
 * A member's custom permissions were replaced. {@code previousAccess} is what the member had: other custom
 * permissions, or roles when this change switched to custom permissions. Before revision 1 of this event,
 * Gatehouse stored {@code AccessChanged}; such events are read as this one (see {@code AccessChangedUpcaster}).
 */
@StableName("CustomPermissionsChanged")
@Revision("1")
public record CustomPermissionsChanged(String accountId, String memberId, CustomPermissions permissions,
                                       Access previousAccess, Actor actor) implements AccessReplaced {

    @Override
    @JsonIgnore
    public Access access() {
        return new Access(null, permissions);
    }
}
