package io.gatehouse.sync.saga;

import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.membership.DirectoryOperation.INVITE;
import static io.gatehouse.membership.DirectoryOperation.RESEND_INVITATION;
import static org.assertj.core.api.Assertions.assertThat;

/** An outside user was invited by email: the directory invites the guest, and invites it again on request. */
class DirectorySyncSagaInvitationTest extends DirectorySyncSagaScenario {

    @Test
    void anInvitationIsSentAndTheGuestsObjectIdRecorded() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(userInvited())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("memberId", MEMBER)
                .expectDispatchedCommands(synced(INVITE, "guest-1"))
                .expectNoScheduledDeadlines();

        assertThat(directory.invitations()).containsExactly(
                new InMemoryDirectory.SentInvitation(TENANT, "guest-1", GUEST_EMAIL, REDIRECT_URL));
    }

    @Test
    void aGuestInvitedBeforeIsFoundAndNotInvitedASecondTime() {
        directory.addGuest(TENANT, "guest-from-before", GUEST_EMAIL);

        fixture.givenNoPriorActivity()
                .whenPublishingA(userInvited())
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(INVITE, "guest-from-before"));

        assertThat(directory.invitations()).isEmpty();
    }

    @Test
    void aResendAfterTheInvitationInvitesTheSameGuestAgain() {
        fixture.givenAPublished(userInvited())
                .whenPublishingA(invitationResent())
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RESEND_INVITATION, "guest-1"));

        assertThat(directory.resentInvitations()).containsExactly(
                new InMemoryDirectory.SentInvitation(TENANT, "guest-1", GUEST_EMAIL, REDIRECT_URL));
        assertThat(directory.invitations()).hasSize(1);
    }

    @Test
    void aResendAskedForWhileTheInvitationWaitsIsSentAfterIt() {
        directory.throttleNextCalls(1, Duration.ofSeconds(7));

        fixture.givenAPublished(userInvited())
                .andThenAPublished(invitationResent())
                .whenTimeElapses(Duration.ofSeconds(7))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(INVITE, "guest-1"), synced(RESEND_INVITATION, "guest-1"))
                .expectNoScheduledDeadlines();

        assertThat(directory.calls()).containsSubsequence("invite", "resendInvitation");
    }

    @Test
    void aRefusedInvitationIsRecordedWithTheDirectorysReason() {
        directory.failNextCalls("invite", 1, () -> new DirectoryException(Reason.REJECTED, "BadRequest",
                "The invited user's email domain is blocked by the tenant's collaboration settings."));

        fixture.givenNoPriorActivity()
                .whenPublishingA(userInvited())
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(INVITE,
                        "The invited user's email domain is blocked by the tenant's collaboration settings.",
                        "BadRequest"))
                .expectNoScheduledDeadlines();

        assertThat(directory.invitations()).isEmpty();
    }

    @Test
    void aRetryOfARefusedInvitationInvitesTheSameEmailAgain() {
        directory.failNextCalls("invite", 1, () -> new DirectoryException(Reason.REJECTED, "BadRequest",
                "Blocked for now."));

        fixture.givenAPublished(userInvited())
                .whenPublishingA(directorySyncRetried(INVITE, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(INVITE, "guest-1"));

        assertThat(directory.invitations()).extracting(InMemoryDirectory.SentInvitation::email)
                .containsExactly(GUEST_EMAIL);
    }

    @Test
    void aResendTheDirectoryCouldNotFindIsRecordedAsAFailureAndARetrySendsItAgain() {
        directory.failNextCalls("resendInvitation", 1, () -> new DirectoryException(Reason.NOT_FOUND,
                "Request_ResourceNotFound", "Resource 'guest-1' does not exist."));

        fixture.givenAPublished(userInvited())
                .andThenAPublished(invitationResent())
                .whenPublishingA(directorySyncRetried(RESEND_INVITATION, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RESEND_INVITATION, "guest-1"));

        assertThat(directory.resentInvitations()).hasSize(1);
    }

    @Test
    void aResendTheDirectoryCouldNotFindIsRecordedWithItsMessage() {
        directory.failNextCalls("resendInvitation", 1, () -> new DirectoryException(Reason.NOT_FOUND,
                "Request_ResourceNotFound", "Resource 'guest-1' does not exist."));

        fixture.givenAPublished(userInvited())
                .whenPublishingA(invitationResent())
                .expectDispatchedCommands(failed(RESEND_INVITATION, "Resource 'guest-1' does not exist.",
                        "Request_ResourceNotFound"));
    }
}
