package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.membership.CustomPermissionsChanged;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** One member's decisions: changing its access and ending its membership. */
class MembershipTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String OTHER_ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000002";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String USER_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final String GROUP_OBJECT = "eeeeeeee-0000-4000-8000-00000000000e";
    private static final String APP_OBJECT = "ffffffff-0000-4000-8000-00000000000f";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Actor OTHER_MANAGER = new Actor("bbbbbbbb-0000-4000-8000-0000000000b2", "Maya Manager");

    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    private static final Access MARKETER_AND_DEVELOPER = Access.ofRoles(Role.MARKETER, Role.DEVELOPER);
    private static final Access PAYOUT_READER = Access.ofPermissions(
            new CustomPermissions(Map.of("payout-account", PermissionLevel.READ), Map.of()));

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    private static UserAdded userAdded(Access access) {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, USER_OBJECT, "Dana Developer", "Dana", "Developer",
                "dana@contoso.example", "dana@contoso.example", access, MANAGER);
    }

    private static GroupAdded groupAdded(Access access) {
        return new GroupAdded(ACCOUNT, MEMBER, TENANT, GROUP_OBJECT, "Release team", access, MANAGER);
    }

    private static ApplicationAdded applicationAdded(Access access) {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, APP_OBJECT, "Build pipeline",
                "12345678-aaaa-4bbb-8ccc-1234567890ab", access, MANAGER);
    }

    // ChangeAccess

    @Test
    void changingAUsersRolesRecordsTheNewAndThePreviousAccessAndWhoChangedIt() {
        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, MARKETER_AND_DEVELOPER, null, OTHER_MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RoleChanged(ACCOUNT, MEMBER, MARKETER_AND_DEVELOPER.roles(), DEVELOPER, OTHER_MANAGER));
    }

    @Test
    void changingAGroupFromRolesToCustomPermissionsRecordsBoth() {
        fixture.given(groupAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, PAYOUT_READER, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomPermissionsChanged(ACCOUNT, MEMBER, PAYOUT_READER.permissions(), DEVELOPER, MANAGER));
    }

    @Test
    void aSecondChangeOfAnApplicationsAccessNamesTheFirstChangesAccessAsPrevious() {
        fixture.given(applicationAdded(DEVELOPER),
                        new CustomPermissionsChanged(ACCOUNT, MEMBER, PAYOUT_READER.permissions(), DEVELOPER, MANAGER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, MARKETER_AND_DEVELOPER, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RoleChanged(ACCOUNT, MEMBER, MARKETER_AND_DEVELOPER.roles(), PAYOUT_READER, MANAGER));
    }

    @Test
    void givingAMemberTheRolesItAlreadyHasRecordsNothing() {
        fixture.given(userAdded(MARKETER_AND_DEVELOPER))
                // the same roles named in another order are the same access
                .when(new ChangeAccess(MEMBER, ACCOUNT, Access.ofRoles(Role.DEVELOPER, Role.MARKETER), null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givingAMemberTheCustomPermissionsItAlreadyHasRecordsNothing() {
        fixture.given(userAdded(DEVELOPER), new CustomPermissionsChanged(ACCOUNT, MEMBER, PAYOUT_READER.permissions(), DEVELOPER, MANAGER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, Access.ofPermissions(
                        new CustomPermissions(Map.of("payout-account", PermissionLevel.READ), null)), null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void accessWithBothRolesAndPermissionsIsInvalid() {
        Access both = new Access(new TreeSet<>(List.of(Role.MANAGER)),
                new CustomPermissions(Map.of("payout-account", PermissionLevel.READ), Map.of()));

        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, both, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("access")));
    }

    @Test
    void anUnknownPermissionAreaIsInvalidAndNamedInTheErrors() {
        Access coffee = Access.ofPermissions(new CustomPermissions(Map.of("coffee", PermissionLevel.READ_WRITE),
                Map.of()));

        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, coffee, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field)
                                .containsExactly("access.permissions.account.coffee")));
    }

    @Test
    void neitherRolesNorPermissionsIsInvalid() {
        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, Access.NONE, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation"));
    }

    @Test
    void anEmptyListOfRolesIsInvalid() {
        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, Access.ofRoles(), null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("access.roles")));
    }

    @Test
    void changingTheAccessOfAMemberThroughAnotherAccountIsNotFound() {
        fixture.given(userAdded(DEVELOPER))
                .when(new ChangeAccess(MEMBER, OTHER_ACCOUNT, MARKETER_AND_DEVELOPER, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found", rejection ->
                        assertThat(rejection.getMessage()).contains(MEMBER).contains(OTHER_ACCOUNT)));
    }

    // RemoveMember

    @Test
    void aManagerRemovingAMemberRecordsTheReasonAndClosesTheMembership() {
        fixture.given(userAdded(DEVELOPER))
                .when(new RemoveMember(MEMBER, ACCOUNT, RemovalReason.REMOVED_BY_MANAGER, null, OTHER_MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.REMOVED_BY_MANAGER, OTHER_MANAGER))
                .expectMarkedDeleted();
    }

    @Test
    void aGroupOfARemovedTenantIsRemovedWithThatReason() {
        fixture.given(groupAdded(PAYOUT_READER))
                .when(new RemoveMember(MEMBER, ACCOUNT, RemovalReason.TENANT_REMOVED, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.TENANT_REMOVED, MANAGER))
                .expectMarkedDeleted();
    }

    @Test
    void removingAMemberThroughAnotherAccountIsNotFound() {
        fixture.given(applicationAdded(DEVELOPER))
                .when(new RemoveMember(MEMBER, OTHER_ACCOUNT, RemovalReason.REMOVED_BY_MANAGER, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    @Test
    void theAccessOfARemovedMemberCannotBeChanged() {
        fixture.given(userAdded(DEVELOPER),
                        new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.REMOVED_BY_MANAGER, MANAGER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, MARKETER_AND_DEVELOPER, null, MANAGER))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
    }

    @Test
    void aRemovedMemberCannotBeRemovedAgain() {
        // TenantRemovalPolicy relies on this being an AggregateNotFoundException
        fixture.given(userAdded(DEVELOPER),
                        new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.TENANT_REMOVED, MANAGER))
                .when(new RemoveMember(MEMBER, ACCOUNT, RemovalReason.REMOVED_BY_MANAGER, null, MANAGER))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void aMemberRemovedByAnEarlierCommandIsGoneForTheNextOne() {
        fixture.given(groupAdded(DEVELOPER))
                .andGivenCommands(new RemoveMember(MEMBER, ACCOUNT, RemovalReason.REMOVED_BY_MANAGER, null, MANAGER))
                .when(new ChangeAccess(MEMBER, ACCOUNT, PAYOUT_READER, null, MANAGER))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
    }
}
