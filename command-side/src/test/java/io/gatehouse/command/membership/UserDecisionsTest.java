package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MembershipCommands.EditUser;
import io.gatehouse.membership.MembershipCommands.RecordInvitationAccepted;
import io.gatehouse.membership.MembershipCommands.ResendInvitation;
import io.gatehouse.membership.MembershipCommands.ResetPassword;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gatehouse.command.Satisfying.rejection;

/** A user member's own decisions: its invitation, its password, its names, usernames and groups. */
class UserDecisionsTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String OTHER_ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000002";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String USER_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final String GUEST_OBJECT = "dddddddd-0000-4000-8000-0000000000e1";
    private static final String INVITATION = "f0000000-0000-4000-8000-000000000001";
    private static final String GUEST_EMAIL = "grace@fabrikam.example";
    private static final String CREDENTIALS = "c7ed0000-0000-4000-8000-000000000001";
    private static final String NEW_CREDENTIALS = "c7ed0000-0000-4000-8000-000000000002";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);

    private static final GroupRef DEVELOPERS = new GroupRef("a0000000-0000-4000-8000-0000000000d1",
            "d0000000-0000-4000-8000-0000000000d1");
    private static final GroupRef MARKETERS = new GroupRef("a0000000-0000-4000-8000-0000000000d2",
            "d0000000-0000-4000-8000-0000000000d2");
    private static final GroupRef TESTERS = new GroupRef("a0000000-0000-4000-8000-0000000000d3",
            "d0000000-0000-4000-8000-0000000000d3");

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    private static UserAdded userAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, USER_OBJECT, "Dana Developer", "Dana", "Developer",
                "dana@contoso.example", "dana@contoso.example", DEVELOPER, MANAGER);
    }

    private static UserInvited userInvited() {
        return new UserInvited(ACCOUNT, MEMBER, INVITATION, TENANT, GUEST_EMAIL, DEVELOPER, MANAGER);
    }

    private static DirectorySynced guestInDirectory() {
        return new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.INVITE, GUEST_OBJECT, null,
                Actor.DIRECTORY_SYNC);
    }

    private static InvitationAccepted accepted() {
        return new InvitationAccepted(ACCOUNT, MEMBER, INVITATION, Actor.DIRECTORY_SYNC);
    }

    private static NewUserRequested newUserRequested(List<GroupRef> groups) {
        return new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace",
                "ada@contoso.onmicrosoft.com", false, null, groups, DEVELOPER, CREDENTIALS, MANAGER);
    }

    private static DirectorySynced userCreated() {
        return new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, USER_OBJECT, null,
                Actor.DIRECTORY_SYNC);
    }

    private static GroupAdded groupAdded() {
        return new GroupAdded(ACCOUNT, MEMBER, TENANT, "eeeeeeee-0000-4000-8000-00000000000e", "Release team",
                DEVELOPER, MANAGER);
    }

    private static ApplicationAdded applicationAdded() {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, "ffffffff-0000-4000-8000-00000000000f",
                "Build pipeline", "12345678-aaaa-4bbb-8ccc-1234567890ab", DEVELOPER, MANAGER);
    }

    private static EditUser edit(String first, String last, String username, List<GroupRef> groups) {
        return new EditUser(MEMBER, ACCOUNT, first, last, username, groups, null, MANAGER);
    }

    // ResendInvitation

    @Test
    void aMemberThatWasNotInvitedHasNoInvitationToResend() {
        fixture.given(userAdded())
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-invited"));
    }

    @Test
    void anAcceptedInvitationIsNotResent() {
        fixture.given(userInvited(), guestInDirectory(), accepted())
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "invitation-accepted"));
    }

    @Test
    void aPendingInvitationIsResentUnderItsOwnInvitationId() {
        fixture.given(userInvited(), guestInDirectory())
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new InvitationResent(ACCOUNT, MEMBER, INVITATION, MANAGER));
    }

    @Test
    void aPendingInvitationMayBeResentAgain() {
        fixture.given(userInvited(), guestInDirectory(), new InvitationResent(ACCOUNT, MEMBER, INVITATION, MANAGER))
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new InvitationResent(ACCOUNT, MEMBER, INVITATION, MANAGER));
    }

    @Test
    void resendingThroughAnotherAccountIsNotFound() {
        fixture.given(userInvited())
                .when(new ResendInvitation(MEMBER, OTHER_ACCOUNT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    /**
     * BUG: the aggregate keeps "accepted" only as the status ACTIVE, which a failed push overwrites with
     * SYNC_FAILED (and a later DirectorySynced turns into INVITATION_PENDING, because the member has an
     * invitationId). A guest that accepted and whose later edit failed can be sent its invitation again.
     */
    @Test
    void anAcceptedInvitationIsNotResentWhenALaterPushFailed() {
        fixture.given(userInvited(), guestInDirectory(), accepted(),
                        new UserEdited(ACCOUNT, MEMBER, "Grace", "Hopper", "Grace Hopper", null, MANAGER),
                        new DirectorySyncFailed(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, "Insufficient "
                                + "privileges to complete the operation.", "Authorization_RequestDenied",
                                Actor.DIRECTORY_SYNC))
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "invitation-accepted"));
    }

    @Test
    void anAcceptedInvitationIsNotResentAfterALaterFailedPushWasSynced() {
        fixture.given(userInvited(), guestInDirectory(), accepted(),
                        new DirectorySyncFailed(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_GROUPS, "Service "
                                + "Unavailable", "RetriesExhausted", Actor.DIRECTORY_SYNC),
                        new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_GROUPS, GUEST_OBJECT, null,
                                Actor.DIRECTORY_SYNC))
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "invitation-accepted"));
    }

    // RecordInvitationAccepted

    @Test
    void aPendingInvitationTheGuestRedeemedIsRecordedAsAcceptedByDirectorySync() {
        fixture.given(userInvited(), guestInDirectory())
                .when(new RecordInvitationAccepted(MEMBER, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new InvitationAccepted(ACCOUNT, MEMBER, INVITATION, Actor.DIRECTORY_SYNC));
    }

    @Test
    void anInvitationAcceptedAlreadyIsNotRecordedTwice() {
        fixture.given(userInvited(), guestInDirectory(), accepted())
                .when(new RecordInvitationAccepted(MEMBER, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aMemberThatWasNotInvitedRecordsNoAcceptance() {
        fixture.given(userAdded())
                .when(new RecordInvitationAccepted(MEMBER, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAcceptedGuestIsNotAcceptedAgainAfterALaterFailedPushWasSynced() {
        fixture.given(userInvited(), guestInDirectory(), accepted(),
                        new DirectorySyncFailed(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, "Service "
                                + "Unavailable", "RetriesExhausted", Actor.DIRECTORY_SYNC),
                        new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, GUEST_OBJECT, null,
                                Actor.DIRECTORY_SYNC))
                .when(new RecordInvitationAccepted(MEMBER, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // ResetPassword

    @Test
    void aGuestHasNoPasswordHereToReset() {
        fixture.given(userInvited(), guestInDirectory(), accepted())
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-tenant-user"));
    }

    @Test
    void aGroupHasNoPasswordToReset() {
        fixture.given(groupAdded())
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-tenant-user"));
    }

    @Test
    void aUserNotYetInTheDirectoryIsNotProvisioned() {
        fixture.given(newUserRequested(List.of()))
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-provisioned"));
    }

    @Test
    void aUserWhoseCreationFailedIsNotProvisioned() {
        fixture.given(newUserRequested(List.of()), new DirectorySyncFailed(ACCOUNT, MEMBER,
                        DirectoryOperation.CREATE_USER, "Another object with the same value for property "
                        + "userPrincipalName already exists.", "Request_BadRequest", Actor.DIRECTORY_SYNC))
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-provisioned"));
    }

    @Test
    void aCreatedUsersPasswordResetIsRequestedWithTheNewCredentials() {
        fixture.given(newUserRequested(List.of()), userCreated())
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PasswordResetRequested(ACCOUNT, MEMBER, NEW_CREDENTIALS, MANAGER));
    }

    @Test
    void anExistingTenantUsersPasswordResetIsRequested() {
        fixture.given(userAdded())
                .when(new ResetPassword(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PasswordResetRequested(ACCOUNT, MEMBER, NEW_CREDENTIALS, MANAGER));
    }

    // EditUser

    @Test
    void anEditThatChangesNothingRecordsNothing() {
        fixture.given(userAdded())
                .when(edit("Dana", "Developer", "dana@contoso.example", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEditWithTheSameGroupsInAnotherOrderRecordsNothing() {
        fixture.given(newUserRequested(List.of(DEVELOPERS, MARKETERS)), userCreated())
                .when(edit(null, null, null, List.of(MARKETERS, DEVELOPERS)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewFirstNameIsRecordedWithTheNewDisplayNameAndOnlyWhatChanged() {
        fixture.given(userAdded())
                .when(edit("Daniela", "Developer", "dana@contoso.example", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserEdited(ACCOUNT, MEMBER, "Daniela", null, "Daniela Developer", null, MANAGER));
    }

    @Test
    void aNewLastNameAfterAnEarlierEditIsDisplayedWithTheEditedFirstName() {
        fixture.given(userAdded(),
                        new UserEdited(ACCOUNT, MEMBER, "Daniela", null, "Daniela Developer", null, MANAGER))
                .when(edit(null, "Deployer", null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserEdited(ACCOUNT, MEMBER, null, "Deployer", "Daniela Deployer", null, MANAGER));
    }

    @Test
    void aNewUsernameAloneLeavesTheDisplayNameAlone() {
        fixture.given(newUserRequested(List.of()), userCreated())
                .when(edit(null, null, "ada.king@contoso.onmicrosoft.com", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserEdited(ACCOUNT, MEMBER, null, null, null, "ada.king@contoso.onmicrosoft.com",
                        MANAGER));
    }

    @Test
    void newGroupsAreRecordedWithWhatWasAddedAndWhatWasRemoved() {
        fixture.given(newUserRequested(List.of(DEVELOPERS, MARKETERS)), userCreated())
                .when(edit(null, null, null, List.of(MARKETERS, TESTERS)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserGroupsChanged(ACCOUNT, MEMBER, List.of(MARKETERS, TESTERS), List.of(TESTERS),
                        List.of(DEVELOPERS), MANAGER));
    }

    @Test
    void groupsAreComparedWithThoseOfTheLastChange() {
        fixture.given(newUserRequested(List.of(DEVELOPERS)), userCreated(),
                        new UserGroupsChanged(ACCOUNT, MEMBER, List.of(MARKETERS), List.of(MARKETERS),
                                List.of(DEVELOPERS), MANAGER))
                .when(edit(null, null, null, List.of()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserGroupsChanged(ACCOUNT, MEMBER, List.of(), List.of(), List.of(MARKETERS),
                        MANAGER));
    }

    @Test
    void namesAndGroupsChangedTogetherAreTwoEventsNamesFirst() {
        fixture.given(newUserRequested(List.of()), userCreated())
                .when(edit("Augusta", null, null, List.of(DEVELOPERS)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserEdited(ACCOUNT, MEMBER, "Augusta", null, "Augusta Lovelace", null, MANAGER),
                        new UserGroupsChanged(ACCOUNT, MEMBER, List.of(DEVELOPERS), List.of(DEVELOPERS), List.of(),
                                MANAGER));
    }

    @Test
    void aGroupMemberIsNotAUserToEdit() {
        fixture.given(groupAdded())
                .when(edit("Release", "Team", null, null))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-user"));
    }

    @Test
    void anApplicationMemberIsNotAUserToEdit() {
        fixture.given(applicationAdded())
                .when(edit(null, null, null, List.of(DEVELOPERS)))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-user"));
    }

    @Test
    void editingThroughAnotherAccountIsNotFound() {
        fixture.given(userAdded())
                .when(new EditUser(MEMBER, OTHER_ACCOUNT, "Daniela", null, null, null, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }
}
