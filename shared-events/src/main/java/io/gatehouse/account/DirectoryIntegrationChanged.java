package io.gatehouse.account;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

/** The directory says whether the tenant is synced from an on-premises directory. */
@StableName("DirectoryIntegrationChanged")
@Revision("1")
public record DirectoryIntegrationChanged(String accountId, String tenantId, boolean onPremisesSyncEnabled,
                                          Actor actor) implements AccountEvent {
}
