package io.gatehouse.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.SortedSet;

/**
 * A member's roles were replaced (Manager, Developer, ...). {@code previousAccess} is what the member had:
 * other roles, or custom permissions when this change switched to roles. Before revision 1 of this event,
 * Gatehouse stored {@code AccessChanged}; such events are read as this one (see {@code AccessChangedUpcaster}).
 */
@StableName("RoleChanged")
@Revision("1")
public record RoleChanged(String accountId, String memberId, SortedSet<Role> roles, Access previousAccess,
                          Actor actor) implements AccessReplaced {

    @Override
    @JsonIgnore
    public Access access() {
        return new Access(roles, null);
    }
}
