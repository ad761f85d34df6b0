package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/**
 * Directory sync pushed an operation to Azure AD; {@code directoryObjectId} is the object it concerns, and
 * {@code appId} an application's client id once the directory made it (null otherwise).
 */
@StableName("DirectorySynced")
@Revision("1")
public record DirectorySynced(String accountId, String memberId, DirectoryOperation operation,
                              String directoryObjectId, String appId, Actor actor) implements MembershipEvent {
}
