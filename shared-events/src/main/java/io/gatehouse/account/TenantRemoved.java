package io.gatehouse.account;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** A tenant was removed from the account; every member from it loses access. */
@StableName("TenantRemoved")
@Revision("1")
public record TenantRemoved(String accountId, String tenantId, Actor actor) implements AccountEvent {
}
