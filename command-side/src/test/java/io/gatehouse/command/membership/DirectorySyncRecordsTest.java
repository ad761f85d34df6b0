package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySyncFailure;
import io.gatehouse.membership.MembershipCommands.RetryDirectorySync;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** What directory sync records of its pushes, and a Manager's retry of a push that failed. */
class DirectorySyncRecordsTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String OTHER_ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000002";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String OTHER_MEMBER = "cccccccc-0000-4000-8000-0000000000c2";
    private static final String USER_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final String APP_OBJECT = "ffffffff-0000-4000-8000-00000000000f";
    private static final String APP_ID = "12345678-aaaa-4bbb-8ccc-1234567890ab";
    private static final String INVITATION = "f0000000-0000-4000-8000-000000000001";
    private static final String CREDENTIALS = "c7ed0000-0000-4000-8000-000000000001";
    private static final String NEW_CREDENTIALS = "c7ed0000-0000-4000-8000-000000000002";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);

    private static final String DUPLICATE_UPN =
            "Another object with the same value for property userPrincipalName already exists.";

    private final InMemoryCommandLookups lookups = new InMemoryCommandLookups();
    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
        fixture.registerAnnotatedCommandHandler(new DirectorySyncOutcomes(fixture.getRepository(), lookups));
    }

    private static NewUserRequested newUserRequested() {
        return new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace",
                "ada@contoso.onmicrosoft.com", false, null, List.of(), DEVELOPER, CREDENTIALS, MANAGER);
    }

    private static UserAdded userAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, USER_OBJECT, "Dana Developer", "Dana", "Developer",
                "dana@contoso.example", "dana@contoso.example", DEVELOPER, MANAGER);
    }

    private static UserInvited userInvited() {
        return new UserInvited(ACCOUNT, MEMBER, INVITATION, TENANT, "grace@fabrikam.example", DEVELOPER, MANAGER);
    }

    private static NewApplicationRequested newApplicationRequested() {
        return new NewApplicationRequested(ACCOUNT, MEMBER, TENANT, "Build pipeline",
                "https://build.contoso.example/signin", "api://build.contoso.example", DEVELOPER, MANAGER);
    }

    private static DirectorySyncFailed failed(DirectoryOperation operation) {
        return new DirectorySyncFailed(ACCOUNT, MEMBER, operation, DUPLICATE_UPN, "Request_BadRequest",
                Actor.DIRECTORY_SYNC);
    }

    // RetryDirectorySync

    @Test
    void aMemberWhosePushesAllWentThroughHasNothingToRetry() {
        fixture.given(newUserRequested(), new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER,
                        USER_OBJECT, null, Actor.DIRECTORY_SYNC))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }

    @Test
    void aMemberStillBeingProvisionedHasNothingToRetry() {
        fixture.given(newUserRequested())
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }

    @Test
    void aFailedCreationIsRetriedWithTheNewCredentials() {
        fixture.given(newUserRequested(), failed(DirectoryOperation.CREATE_USER))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER,
                        NEW_CREDENTIALS, MANAGER));
    }

    @Test
    void aFailedPasswordResetIsRetriedWithTheNewCredentials() {
        fixture.given(userAdded(), new PasswordResetRequested(ACCOUNT, MEMBER, CREDENTIALS, MANAGER),
                        failed(DirectoryOperation.RESET_PASSWORD))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.RESET_PASSWORD,
                        NEW_CREDENTIALS, MANAGER));
    }

    @Test
    void aFailedUpdateIsRetriedWithoutCredentials() {
        fixture.given(userAdded(), new UserEdited(ACCOUNT, MEMBER, "Daniela", null, "Daniela Developer", null,
                        MANAGER), failed(DirectoryOperation.UPDATE_USER))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, null,
                        MANAGER));
    }

    @Test
    void aFailedInvitationIsRetriedWithoutCredentials() {
        fixture.given(userInvited(), failed(DirectoryOperation.INVITE))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.INVITE, null, MANAGER));
    }

    @Test
    void theLatestFailureIsTheOneRetried() {
        fixture.given(userAdded(), failed(DirectoryOperation.UPDATE_USER), failed(DirectoryOperation.UPDATE_GROUPS))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_GROUPS, null,
                        MANAGER));
    }

    @Test
    void aRetriedFailureCannotBeRetriedAgainBeforeItFailsAgain() {
        fixture.given(newUserRequested(), failed(DirectoryOperation.CREATE_USER),
                        new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, CREDENTIALS, MANAGER))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }

    @Test
    void aFailureThatWasSyncedSinceHasNothingToRetry() {
        fixture.given(userAdded(), failed(DirectoryOperation.UPDATE_USER), new DirectorySynced(ACCOUNT, MEMBER,
                        DirectoryOperation.UPDATE_USER, USER_OBJECT, null, Actor.DIRECTORY_SYNC))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }

    @Test
    void retryingThroughAnotherAccountIsNotFound() {
        fixture.given(newUserRequested(), failed(DirectoryOperation.CREATE_USER))
                .when(new RetryDirectorySync(MEMBER, OTHER_ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    // RecordDirectorySyncFailure

    @Test
    void aRefusedPushIsRecordedWithTheDirectorysReasonAndCodeByDirectorySync() {
        fixture.given(newUserRequested())
                .when(new RecordDirectorySyncFailure(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER, DUPLICATE_UPN,
                        "Request_BadRequest"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncFailed(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, DUPLICATE_UPN,
                        "Request_BadRequest", Actor.DIRECTORY_SYNC));
    }

    @Test
    void aFailureRecordedThenCanBeRetried() {
        fixture.given(userAdded())
                .andGivenCommands(new RecordDirectorySyncFailure(MEMBER, ACCOUNT, DirectoryOperation.UPDATE_GROUPS,
                        "Gave up after 4 attempts: Service Unavailable", "RetriesExhausted"))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_GROUPS, null,
                        MANAGER));
    }

    @Test
    void aFailureForAMemberOfAnotherAccountIsNotFound() {
        fixture.given(newUserRequested())
                .when(new RecordDirectorySyncFailure(MEMBER, OTHER_ACCOUNT, DirectoryOperation.CREATE_USER,
                        DUPLICATE_UPN, "Request_BadRequest"))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    // RecordDirectorySync, through DirectorySyncOutcomes

    @Test
    void aCreatedApplicationIsRecordedWithItsObjectIdAndAppId() {
        fixture.given(newApplicationRequested())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_APPLICATION, APP_OBJECT,
                        APP_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_APPLICATION, APP_OBJECT,
                        APP_ID, Actor.DIRECTORY_SYNC));

        assertThat(lookups.objectAsked).containsExactly(List.of(ACCOUNT, APP_OBJECT));
    }

    @Test
    void aCreatedUserIsRecordedWithoutAnAppId() {
        fixture.given(newUserRequested())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER, USER_OBJECT, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, USER_OBJECT, null,
                        Actor.DIRECTORY_SYNC));
    }

    @Test
    void anObjectThatIsAnotherMemberOfTheAccountIsRecordedAsFailedWithAlreadyMember() {
        lookups.memberOfObject(ACCOUNT, USER_OBJECT, OTHER_MEMBER);

        fixture.given(userInvited())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.INVITE, USER_OBJECT, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncFailed(ACCOUNT, MEMBER, DirectoryOperation.INVITE,
                        "The directory object " + USER_OBJECT + " already is another member of this account.",
                        "AlreadyMember", Actor.DIRECTORY_SYNC));
    }

    @Test
    void anObjectTakenByAnotherMemberLeavesTheCreationToRetry() {
        lookups.memberOfObject(ACCOUNT, USER_OBJECT, OTHER_MEMBER);

        fixture.given(newUserRequested())
                .andGivenCommands(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER,
                        USER_OBJECT, null))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, NEW_CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER,
                        NEW_CREDENTIALS, MANAGER));
    }

    @Test
    void theMembersOwnObjectIsNotTakenByAnother() {
        lookups.memberOfObject(ACCOUNT, USER_OBJECT, MEMBER);

        fixture.given(userAdded())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.UPDATE_USER, USER_OBJECT, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, USER_OBJECT, null,
                        Actor.DIRECTORY_SYNC));
    }

    @Test
    void theSameObjectAsAMemberOfAnotherAccountIsNoObstacle() {
        lookups.memberOfObject(OTHER_ACCOUNT, USER_OBJECT, OTHER_MEMBER);

        fixture.given(newUserRequested())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER, USER_OBJECT, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, USER_OBJECT, null,
                        Actor.DIRECTORY_SYNC));
    }

    @Test
    void anOutcomeWithoutAnObjectIsRecordedWithoutAskingTheLookups() {
        fixture.given(newUserRequested())
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_USER, null, null,
                        Actor.DIRECTORY_SYNC));

        assertThat(lookups.objectAsked).isEmpty();
    }

    @Test
    void anOutcomeForARemovedMemberIsNotFoundForTheSagaToIgnore() {
        fixture.given(newUserRequested(), new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.REMOVED_BY_MANAGER,
                        MANAGER))
                .when(new RecordDirectorySync(MEMBER, ACCOUNT, DirectoryOperation.CREATE_USER, USER_OBJECT, null))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void anOutcomeThroughAnotherAccountIsNotFound() {
        fixture.given(newUserRequested())
                .when(new RecordDirectorySync(MEMBER, OTHER_ACCOUNT, DirectoryOperation.CREATE_USER, USER_OBJECT,
                        null))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }
}
