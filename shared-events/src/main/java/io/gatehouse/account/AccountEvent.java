package io.gatehouse.account;

import io.gatehouse.messaging.Actor;

/** An event in the life of an account. */
public sealed interface AccountEvent permits AccountCreated, TenantAssociated, TenantRemoved,
        DirectoryIntegrationChanged {
    String accountId();

    Actor actor();
}
