package io.gatehouse.membership;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A new Azure AD application was asked for, with its Reply URL and App ID URI; PROVISIONING until pushed. */
@StableName("NewApplicationRequested")
@Revision("1")
public record NewApplicationRequested(String accountId, String memberId, String tenantId, String displayName,
                                      String replyUrl, String appIdUri, Access access, Actor actor)
        implements MembershipEvent {
}
