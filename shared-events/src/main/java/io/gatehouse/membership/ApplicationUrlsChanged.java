package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An application's Reply URL or App ID URI changed (null: unchanged); written through to the directory. */
@StableName("ApplicationUrlsChanged")
@Revision("1")
public record ApplicationUrlsChanged(String accountId, String memberId, String replyUrl, String appIdUri,
                                     Actor actor) implements MembershipEvent {
}
