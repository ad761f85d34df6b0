package io.gatehouse.membership;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A Manager who is Global Administrator asked for a new directory user; the member is PROVISIONING until
 * directory sync has created it. {@code credentialsId} names the one-time store entry that holds the
 * temporary password: the password itself is never in an event.
 */
@StableName("NewUserRequested")
@Revision("1")
public record NewUserRequested(String accountId, String memberId, String tenantId, String firstName, String lastName,
                               String displayName, String username, boolean globalAdministrator,
                               String passwordRecoveryEmail, List<GroupRef> groups, Access access,
                               String credentialsId, Actor actor) implements MembershipEvent {
}
