package io.gatehouse.account;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** An account was created; {@code ownerObjectId} is its owner's directory object id in {@code tenantId}. */
@StableName("AccountCreated")
@Revision("1")
public record AccountCreated(String accountId, String displayName, String ownerObjectId, String tenantId,
                             Actor actor) implements AccountEvent {
}
