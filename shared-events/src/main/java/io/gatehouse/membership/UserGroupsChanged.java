package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.List;

/** The member groups a user belongs to changed: the new set, and what was added and removed. */
@StableName("UserGroupsChanged")
@Revision("1")
public record UserGroupsChanged(String accountId, String memberId, List<GroupRef> groups, List<GroupRef> added,
                                List<GroupRef> removed, Actor actor) implements MembershipEvent {
}
