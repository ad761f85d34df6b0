package io.gatehouse.membership;

import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A Manager who is Global Administrator asked for a new directory user; the member is PROVISIONING until
 * directory sync has created it. {@code credentialsId} names the one-time store entry that holds the
 * temporary password: the password itself is never in an event. The directory has no object for the
 * user yet, so its personal data is encrypted with a key of the member.
 */
@StableName("NewUserRequested")
@Revision("1")
public record NewUserRequested(String accountId, String memberId, String tenantId,
                               @PersonalData(member = "memberId") String firstName,
                               @PersonalData(member = "memberId") String lastName,
                               @PersonalData(member = "memberId") String displayName,
                               @PersonalData(member = "memberId") String username, boolean globalAdministrator,
                               @PersonalData(member = "memberId") String passwordRecoveryEmail,
                               List<GroupRef> groups, Access access, String credentialsId, Actor actor)
        implements MembershipEvent {
}
