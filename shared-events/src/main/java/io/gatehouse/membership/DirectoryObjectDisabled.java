package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/**
 * The member's directory object was disabled ({@code accountEnabled: false}) or enabled again outside Gatehouse.
 * While it is disabled its Partner Center access does not count.
 */
@StableName("DirectoryObjectDisabled")
@Revision("1")
public record DirectoryObjectDisabled(String accountId, String memberId, boolean disabled, Actor actor)
        implements MembershipEvent {
}
