package io.gatehouse.sync.saga;

import io.gatehouse.membership.UserEdited;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** Where a member's saga starts and ends, and what reaches it. */
class DirectorySyncSagaLifecycleTest extends DirectorySyncSagaScenario {

    @Test
    void removingTheMemberEndsTheSaga() {
        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(memberRemoved())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(0)
                .expectNoAssociationWith("memberId", MEMBER)
                .expectNoDispatchedCommands();

        assertThat(directory.users()).as("the directory object is not touched").hasSize(1);
    }

    @Test
    void removingTheMemberWhileAPushWaitsCancelsTheRetryDeadline() {
        directory.beUnavailableForNextCalls(1);

        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(memberRemoved())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void afterTheRemovalThePushThatWaitedIsNeverMade() {
        directory.beUnavailableForNextCalls(1);

        fixture.givenAPublished(newUserRequested())
                .andThenAPublished(memberRemoved())
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectTriggeredDeadlinesWithName()
                .expectNoDispatchedCommands();

        assertThat(directory.users()).isEmpty();
        assertThat(directory.calls()).containsExactly("createUser");
    }

    @Test
    void eventsAfterTheRemovalStartNothing() {
        fixture.givenAPublished(userAdded())
                .andThenAPublished(memberRemoved())
                .whenPublishingA(userEdited("Alan", "Turing", "Alan Turing", null))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();

        assertThat(directory.calls()).isEmpty();
    }

    @Test
    void anotherMembersChangesDoNotReachThisMembersSaga() {
        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(new UserEdited(ACCOUNT, OTHER_MEMBER, null, "King", "Ada King", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();

        assertThat(ada().surname).isEqualTo("Lovelace");
    }

    @Test
    void aMemberRemovedBeforeTheOutcomeIsRecordedDoesNotStopThePushesThatFollow() {
        directory.beUnavailableForNextCalls(1);
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new AggregateNotFoundException(MEMBER, "The member was removed.");
        });

        fixture.givenAPublished(newUserRequested())
                .andThenAPublished(userEdited(null, "King", "Ada King", null))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"), synced(UPDATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        assertThat(ada().surname).isEqualTo("King");
    }

    @Test
    void aRetryWhenNothingFailedPushesNothing() {
        fixture.givenAPublished(userAdded())
                .whenPublishingA(directorySyncRetried(UPDATE_USER, null))
                .expectSuccessfulHandlerExecution()
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();

        assertThat(directory.calls()).isEmpty();
    }
}
