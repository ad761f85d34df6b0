package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import io.gatehouse.messaging.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * The directory holds other values for the member's object than Gatehouse last recorded: changed outside Gatehouse
 * (in the Azure portal, by another tool), or read for the first time when an existing object was added. Only the
 * fields that changed carry their new value; the others are null ({@code groups}: the user's groups among the
 * account's group members). Attributed to the directory, never to a person.
 */
@StableName("DirectoryObjectChanged")
@Revision("1")
public record DirectoryObjectChanged(String accountId, String memberId,
                                     @PersonalData(member = "memberId") String displayName,
                                     @PersonalData(member = "memberId") String firstName,
                                     @PersonalData(member = "memberId") String lastName,
                                     @PersonalData(member = "memberId") String username, String replyUrl, String appIdUri,
                                     List<GroupRef> groups, Actor actor) implements MembershipEvent {
}
