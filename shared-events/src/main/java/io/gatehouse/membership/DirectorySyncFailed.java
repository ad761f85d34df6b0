package io.gatehouse.membership;

import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/**
 * Directory sync could not push an operation: the directory refused it, or kept failing past the retries.
 * The member is SYNC_FAILED with the directory's reason until a Manager retries.
 */
@StableName("DirectorySyncFailed")
@Revision("1")
// the directory's reason may quote the user's names or username
public record DirectorySyncFailed(String accountId, String memberId, DirectoryOperation operation,
                                  @PersonalData(member = "memberId") String reason,
                                  String code, Actor actor) implements MembershipEvent {
}
