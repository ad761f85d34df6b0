package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MembershipCommands.RetryDirectorySync;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.gatehouse.command.Satisfying.rejection;

/**
 * The member's status as the aggregate decides on it is the Users list's (MemberStatus): a failed push stays
 * SYNC_FAILED until a Manager retries it, whatever else happens meanwhile, except a failed (re)send of an invitation
 * the guest has accepted since.
 */
class MemberStatusRuleTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String GUEST_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final String INVITATION = "f0000000-0000-4000-8000-000000000001";
    private static final String CREDENTIALS = "c7ed0000-0000-4000-8000-000000000002";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    private static UserInvited invited() {
        return new UserInvited(ACCOUNT, MEMBER, INVITATION, TENANT, "grace@fabrikam.example", DEVELOPER, MANAGER);
    }

    private static DirectorySynced inviteSent() {
        return new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.INVITE, GUEST_OBJECT, null, Actor.DIRECTORY_SYNC);
    }

    private static DirectorySyncFailed failed(DirectoryOperation operation) {
        return new DirectorySyncFailed(ACCOUNT, MEMBER, operation, "throttled", "TooManyRequests", Actor.DIRECTORY_SYNC);
    }

    private static InvitationAccepted accepted() {
        return new InvitationAccepted(ACCOUNT, MEMBER, INVITATION, Actor.DIRECTORY_SYNC);
    }

    @Test
    void aGuestsFailedEditCanStillBeRetriedAfterTheGuestAccepts() {
        fixture.given(invited(), inviteSent(), failed(DirectoryOperation.UPDATE_USER), accepted())
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, CREDENTIALS, MANAGER))
                .expectEvents(new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, null, MANAGER));
    }

    @Test
    void aFailedResendIsMootOnceTheGuestHasAccepted() {
        fixture.given(invited(), inviteSent(), new InvitationResent(ACCOUNT, MEMBER, INVITATION, MANAGER),
                        failed(DirectoryOperation.RESEND_INVITATION), accepted())
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }

    @Test
    void aRetriedPushIsNotRetriedAgainBeforeItsOutcome() {
        fixture.given(new UserAdded(ACCOUNT, MEMBER, TENANT, GUEST_OBJECT, "Dana Developer", "Dana", "Developer",
                                "dana@contoso.example", "dana@contoso.example", DEVELOPER, MANAGER),
                        failed(DirectoryOperation.UPDATE_USER),
                        new DirectorySyncRetried(ACCOUNT, MEMBER, DirectoryOperation.UPDATE_USER, null, MANAGER))
                .when(new RetryDirectorySync(MEMBER, ACCOUNT, CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "nothing-to-retry"));
    }
}
