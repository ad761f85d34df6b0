package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A Manager asked to push a failed operation again; a new password gets a new {@code credentialsId}. */
@StableName("DirectorySyncRetried")
@Revision("1")
public record DirectorySyncRetried(String accountId, String memberId, DirectoryOperation operation,
                                   String credentialsId, Actor actor) implements MembershipEvent {
}
