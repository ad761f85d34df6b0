package io.gatehouse.sync.saga;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_GROUPS;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory throttled a push or could not take it: the saga waits for a deadline (Retry-After, or its own
 * capped exponential backoff) and pushes again, in order, until done or until it gives up.
 */
class DirectorySyncSagaRetryTest extends DirectorySyncSagaScenario {

    @Test
    void aThrottledPushWaitsForTheRetryAfterTheDirectoryGaveAndRecordsNothingYet() throws Exception {
        directory.throttleNextCalls(1, Duration.ofSeconds(7));

        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested())
                .expectSuccessfulHandlerExecution()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(7), RETRY)
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);

        assertThat(directory.users()).isEmpty();
        assertThat(secrets.isReady(FIRST_CREDENTIALS)).isFalse();
    }

    @Test
    void whenTheRetryAfterHasPassedThePushIsRetriedAndTheSuccessRecordedOnce() throws Exception {
        directory.throttleNextCalls(1, Duration.ofSeconds(7));

        fixture.givenAPublished(newUserRequested())
                .whenTimeElapses(Duration.ofSeconds(7))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        assertThat(ada().password).isEqualTo(FIRST_PASSWORD);
        assertThat(directory.users()).hasSize(1);
    }

    @Test
    void nothingIsRetriedBeforeTheRetryAfterHasPassed() throws Exception {
        directory.throttleNextCalls(1, Duration.ofSeconds(7));

        fixture.givenAPublished(newUserRequested())
                .whenTimeElapses(Duration.ofSeconds(6))
                .expectTriggeredDeadlinesWithName()
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY);

        assertThat(directory.users()).isEmpty();
    }

    @Test
    void aRetryAfterLongerThanTheLongestBackoffIsStillHonoured() throws Exception {
        directory.throttleNextCalls(1, Duration.ofMinutes(10));

        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested())
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), RETRY)
                .expectNoDispatchedCommands();
    }

    @Test
    void anUnavailableDirectoryIsTriedAgainAfterTwoSeconds() throws Exception {
        directory.beUnavailableForNextCalls(1);

        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested())
                .expectSuccessfulHandlerExecution()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY)
                .expectNoDispatchedCommands();
    }

    @Test
    void whileTheDirectoryStaysUnavailableTheWaitDoublesToFourSeconds() throws Exception {
        directory.beUnavailableForNextCalls(2);

        fixture.givenAPublished(newUserRequested())
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(4), RETRY)
                .expectNoDispatchedCommands();
    }

    @Test
    void andThenToEightSeconds() throws Exception {
        directory.beUnavailableForNextCalls(3);

        fixture.givenAPublished(newUserRequested())
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenTimeElapses(Duration.ofSeconds(4))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY, RETRY) // the fixture counts the one triggered in "given" too
                .expectScheduledDeadlineWithName(Duration.ofSeconds(8), RETRY)
                .expectNoDispatchedCommands();
    }

    @Test
    void afterTheMaximumNumberOfAttemptsTheSagaGivesUpWithRetriesExhausted() throws Exception {
        directory.beUnavailableForNextCalls(10);

        fixture.givenAPublished(newUserRequested())
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .whenTimeElapses(Duration.ofSeconds(8))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY, RETRY, RETRY) // three retries after the first try
                .expectDispatchedCommands(failed(CREATE_USER,
                        "Gave up after 4 attempts: " + InMemoryDirectory.UNAVAILABLE_MESSAGE, "RetriesExhausted"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);

        // the first try creates; every retry looks up first, in case a timed-out try did create the user
        assertThat(directory.calls()).containsExactly("createUser", "findUserByPrincipalName",
                "findUserByPrincipalName", "findUserByPrincipalName");
        assertThat(directory.users()).isEmpty();
    }

    @Test
    void aPushThatSucceedsOnItsLastAttemptIsRecordedAsDone() throws Exception {
        directory.beUnavailableForNextCalls(MAX_ATTEMPTS - 1);

        fixture.givenAPublished(newUserRequested())
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .whenTimeElapses(Duration.ofSeconds(8))
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void theNextPushStartsCountingItsAttemptsAfresh() throws Exception {
        // the create needed three tries; the edit after it is throttled once without Retry-After: 2s, not 8s
        directory.beUnavailableForNextCalls(2).beUnavailableForNext("updateUser", 1);

        fixture.givenAPublished(newUserRequested())
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .whenPublishingA(userEdited(null, "King", "Ada King", null))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY);
    }

    @Test
    void aRetryAfterATimeoutWhoseCreateSucceededFindsTheUserInsteadOfCreatingASecond() throws Exception {
        directory.timeOutAfterNextCreate();

        fixture.givenAPublished(newUserRequested(true, List.of(developersGroup())))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        assertThat(directory.users()).hasSize(1);
        assertThat(directory.callsOf("createUser")).isEqualTo(1);
        // the retry finds the user the timed-out try made, and gives it the password shown
        assertThat(directory.calls()).containsExactly("createUser", "findUserByPrincipalName", "resetPassword",
                "assignGlobalAdministrator", "addGroupMember");
        assertThat(ada().password).isEqualTo(FIRST_PASSWORD);
        assertThat(directory.globalAdministrators()).containsExactly("user-1");
        assertThat(directory.membersOf(developers)).containsExactly("user-1");
    }

    @Test
    void anEditQueuedWhileTheCreateWaitsIsNotPushedBeforeIt() throws Exception {
        directory.beUnavailableForNextCalls(1);

        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(userEdited(null, "King", "Ada King", null))
                .expectSuccessfulHandlerExecution()
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY);

        assertThat(directory.callsOf("updateUser")).isZero();
        assertThat(directory.users()).isEmpty();
    }

    @Test
    void pushesAreAppliedInOrderTheEditQueuedBehindTheCreateIsPushedAfterIt() throws Exception {
        directory.beUnavailableForNextCalls(1);

        fixture.givenAPublished(newUserRequested())
                .andThenAPublished(userEdited(null, "King", "Ada King", null))
                .andThenAPublished(userGroupsChanged(List.of(developersGroup()), List.of(developersGroup()), List.of()))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"), synced(UPDATE_USER, "user-1"),
                        synced(UPDATE_GROUPS, "user-1"))
                .expectNoScheduledDeadlines();

        assertThat(directory.calls()).containsSubsequence("createUser", "updateUser", "addGroupMember");
        assertThat(ada().surname).isEqualTo("King");
        assertThat(ada().displayName).isEqualTo("Ada King");
        assertThat(directory.membersOf(developers)).containsExactly("user-1");
    }

    @Test
    void aQueuedPushThatIsThrottledWaitsInTurnAndIsPushedAfterItsOwnRetry() throws Exception {
        // create and edit wait together; on the retry the create goes through and the edit is throttled for 30s
        directory.beUnavailableForNextCalls(1).throttleNext("updateUser", 1, Duration.ofSeconds(30));

        fixture.givenAPublished(newUserRequested())
                .andThenAPublished(userEdited(null, "King", "Ada King", null))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenTimeElapses(Duration.ofSeconds(30))
                .expectTriggeredDeadlinesWithName(RETRY, RETRY) // the create's retry, then the edit's
                .expectDispatchedCommands(synced(UPDATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        assertThat(directory.users()).hasSize(1);
        assertThat(ada().surname).isEqualTo("King");
    }
}
