package io.gatehouse.command.account;

import io.gatehouse.account.AccountCommands.RecordDirectoryIntegration;
import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.messaging.Actor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the directory says of a tenant's on-premises sync: recorded only when it changes, and only for its tenants. */
class AccountDirectoryIntegrationTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String HOME_TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String SECOND_TENANT = "22222222-2222-4222-8222-222222222222";
    private static final String UNKNOWN_TENANT = "33333333-3333-4333-8333-333333333333";
    private static final Actor OWNER = new Actor("aaaaaaaa-0000-4000-8000-00000000000a", "Olivia Owner");
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    private static AccountCreated created() {
        return new AccountCreated(ACCOUNT, "Contoso Games", OWNER.oid(), HOME_TENANT, OWNER);
    }

    private static DirectoryIntegrationChanged changed(String tenantId, boolean enabled) {
        return new DirectoryIntegrationChanged(ACCOUNT, tenantId, enabled, Actor.DIRECTORY_SYNC);
    }

    @Test
    void aTenantFirstSeenSyncedFromOnPremisesIsRecordedByDirectorySync() {
        fixture.given(created())
                .when(new RecordDirectoryIntegration(ACCOUNT, HOME_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectEvents(changed(HOME_TENANT, true));
    }

    @Test
    void theSameValueAgainRecordsNothing() {
        fixture.given(created(), changed(HOME_TENANT, true))
                .when(new RecordDirectoryIntegration(ACCOUNT, HOME_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aTenantFirstSeenNotSyncedRecordsNothingAsThatIsWhatEveryTenantIsAssumedToBe() {
        fixture.given(created())
                .when(new RecordDirectoryIntegration(ACCOUNT, HOME_TENANT, false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void syncThatWasTurnedOffIsRecorded() {
        fixture.given(created(), changed(HOME_TENANT, true))
                .when(new RecordDirectoryIntegration(ACCOUNT, HOME_TENANT, false))
                .expectSuccessfulHandlerExecution()
                .expectEvents(changed(HOME_TENANT, false));
    }

    @Test
    void eachTenantHasItsOwnValue() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER), changed(HOME_TENANT, true))
                .when(new RecordDirectoryIntegration(ACCOUNT, SECOND_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectEvents(changed(SECOND_TENANT, true));
    }

    @Test
    void aTenantThatIsNotAssociatedRecordsNothing() {
        fixture.given(created())
                .when(new RecordDirectoryIntegration(ACCOUNT, UNKNOWN_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRemovedTenantRecordsNothing() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER),
                        new TenantRemoved(ACCOUNT, SECOND_TENANT, OWNER))
                .when(new RecordDirectoryIntegration(ACCOUNT, SECOND_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aTenantAssociatedAgainStartsOverFromNotSynced() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER),
                        changed(SECOND_TENANT, true), new TenantRemoved(ACCOUNT, SECOND_TENANT, OWNER),
                        new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RecordDirectoryIntegration(ACCOUNT, SECOND_TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectEvents(changed(SECOND_TENANT, true));
    }
}
