package io.gatehouse.account;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

@StableName("TenantAssociated")
@Revision("1")
public record TenantAssociated(String accountId, String tenantId, Actor actor) implements AccountEvent {
}
