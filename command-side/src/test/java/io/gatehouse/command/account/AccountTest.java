package io.gatehouse.command.account;

import io.gatehouse.account.AccountCommands.AssociateTenant;
import io.gatehouse.account.AccountCommands.CreateAccount;
import io.gatehouse.account.AccountCommands.RemoveTenant;
import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** The account's decisions: its creation, and which tenants may be associated and removed, and by whom. */
class AccountTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String HOME_TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String SECOND_TENANT = "22222222-2222-4222-8222-222222222222";
    private static final String THIRD_TENANT = "33333333-3333-4333-8333-333333333333";
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

    @Test
    void creatingAnAccountMakesTheCallerItsOwnerAndAssociatesTheTenantTheyAreSignedInTo() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, "Contoso Games", HOME_TENANT, OWNER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountCreated(ACCOUNT, "Contoso Games", OWNER.oid(), HOME_TENANT, OWNER));
    }

    @Test
    void theTenantAnAccountWasCreatedInCountsAsAssociated() {
        fixture.givenCommands(new CreateAccount(ACCOUNT, "Contoso Games", HOME_TENANT, OWNER))
                .when(new AssociateTenant(ACCOUNT, HOME_TENANT, OWNER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "tenant-already-associated"));
    }

    @Test
    void associatingAnotherTenantRecordsWhoAssociatedIt() {
        fixture.given(created())
                .when(new AssociateTenant(ACCOUNT, SECOND_TENANT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER));
    }

    @Test
    void associatingATenantThatIsAlreadyAssociatedIsAConflict() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new AssociateTenant(ACCOUNT, SECOND_TENANT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "tenant-already-associated",
                        rejection -> assertThat(rejection.getMessage()).contains(SECOND_TENANT)));
    }

    @Test
    void aTenantRemovedEarlierMayBeAssociatedAgain() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER),
                        new TenantRemoved(ACCOUNT, SECOND_TENANT, OWNER))
                .when(new AssociateTenant(ACCOUNT, SECOND_TENANT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER));
    }

    @Test
    void aManagerSignedInToAnotherTenantRemovesATenant() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RemoveTenant(ACCOUNT, SECOND_TENANT, HOME_TENANT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantRemoved(ACCOUNT, SECOND_TENANT, MANAGER));
    }

    @Test
    void aNonOwnerMayRemoveATenantWhileAnotherRemains() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RemoveTenant(ACCOUNT, HOME_TENANT, SECOND_TENANT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantRemoved(ACCOUNT, HOME_TENANT, MANAGER));
    }

    @Test
    void removingATenantThatIsNotAssociatedIsNotFound() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RemoveTenant(ACCOUNT, THIRD_TENANT, HOME_TENANT, OWNER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found",
                        rejection -> assertThat(rejection.getMessage()).contains(THIRD_TENANT)));
    }

    @Test
    void removingATenantThatWasAlreadyRemovedIsNotFound() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER),
                        new TenantRemoved(ACCOUNT, SECOND_TENANT, OWNER))
                .when(new RemoveTenant(ACCOUNT, SECOND_TENANT, HOME_TENANT, OWNER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    @Test
    void nobodyMayRemoveTheTenantTheyAreSignedInTo() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RemoveTenant(ACCOUNT, SECOND_TENANT, SECOND_TENANT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "own-tenant"));
    }

    @Test
    void evenTheOwnerMayNotRemoveTheTenantTheyAreSignedInTo() {
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER))
                .when(new RemoveTenant(ACCOUNT, HOME_TENANT, HOME_TENANT, OWNER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "own-tenant"));
    }

    @Test
    void aNonOwnerMayNotRemoveTheLastTenant() {
        // the home tenant was removed earlier: the second tenant is the only one left
        fixture.given(created(), new TenantAssociated(ACCOUNT, SECOND_TENANT, MANAGER),
                        new TenantRemoved(ACCOUNT, HOME_TENANT, OWNER))
                .when(new RemoveTenant(ACCOUNT, SECOND_TENANT, THIRD_TENANT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.FORBIDDEN, "forbidden"));
    }

    @Test
    void theOwnerSignedInToAnotherTenantMayRemoveTheLastTenant() {
        fixture.given(created())
                .when(new RemoveTenant(ACCOUNT, HOME_TENANT, SECOND_TENANT, OWNER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantRemoved(ACCOUNT, HOME_TENANT, OWNER));
    }
}
