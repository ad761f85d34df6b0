package io.gatehouse.membership;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.List;

/** A new security group was asked for, with user members of the account in it; PROVISIONING until pushed. */
@StableName("NewGroupRequested")
@Revision("1")
public record NewGroupRequested(String accountId, String memberId, String tenantId, String displayName,
                                String mailNickname, List<UserRef> members, Access access, Actor actor)
        implements MembershipEvent {
}
