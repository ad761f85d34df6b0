package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** The member's directory object is gone from the directory: its Partner Center access ends. */
@StableName("DirectoryObjectDeleted")
@Revision("1")
public record DirectoryObjectDeleted(String accountId, String memberId, Actor actor) implements MembershipEvent {
}
