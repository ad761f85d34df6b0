package io.gatehouse.sync.saga;

import io.gatehouse.directory.Application;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.membership.DirectoryOperation.ADD_KEY;
import static io.gatehouse.membership.DirectoryOperation.CREATE_APPLICATION;
import static io.gatehouse.membership.DirectoryOperation.CREATE_GROUP;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.ALICE;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.APP_ID_URI;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.KEY_CREDENTIALS;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.KEY_EXPIRES;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.NEW_GROUP;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.NICKNAME;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.applicationAdded;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.applicationCreated;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.keyAdded;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.keyRequested;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.newApplicationRequested;
import static io.gatehouse.sync.saga.DirectorySyncSagaGroupsAndApplicationsTest.newGroupRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes that land after the retry looked for them, over the in-memory directory: what is ours is told by the
 * request's marker, and only what is ours is adopted or removed.
 */
class DirectorySyncSagaLateWritesTest extends DirectorySyncSagaScenario {

    /** An application somebody made in the tenant before, outside Gatehouse. */
    Application existingApplication() {
        return directory.addApplication(TENANT, "Existing pipeline", "https://old.contoso.example/signin",
                "api://old.contoso.example");
    }


    @Test
    void aGroupThatLandsAfterTheRetryIsDeletedOnceTheWindowHasPassed() throws Exception {
        directory.landLateNextCallOf("createGroup");

        var retried = fixture.givenAPublished(newGroupRequested(java.util.List.of(ALICE)))
                .andThenTimeElapses(Duration.ofSeconds(2));
        directory.landLateWrites();
        assertThat(directory.groupsNamed(NICKNAME)).as("the retry's group and the late one").hasSize(2);

        retried.whenTimeElapses(LATE_WRITE_WINDOW)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();

        assertThat(directory.groupsNamed(NICKNAME)).as("the recorded one").containsExactly(NEW_GROUP);
    }

    @Test
    void aLateDuplicateIsLeftAloneWhenTheRecordedGroupIsGone() throws Exception {
        directory.landLateNextCallOf("createGroup");

        var retried = fixture.givenAPublished(newGroupRequested(java.util.List.of()))
                .andThenTimeElapses(Duration.ofSeconds(2));
        directory.landLateWrites();
        directory.deleteGroup(TENANT, NEW_GROUP);

        retried.whenTimeElapses(LATE_WRITE_WINDOW).expectNoDispatchedCommands();

        assertThat(directory.groupsNamed(NICKNAME)).as("not known to be an extra").hasSize(1);
    }

    @Test
    void anApplicationHoldingTheAppIdUriThatIsNotTaggedOursIsAConflictEvenOnARetry() throws Exception {
        directory.beUnavailableForNext("createApplication", 1);

        var firstTryFailed = fixture.givenAPublished(newApplicationRequested());
        Application someoneElses = directory.addApplication(TENANT, "Someone else's API", "https://else.example",
                APP_ID_URI);
        firstTryFailed.whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(failed(CREATE_APPLICATION, InMemoryDirectory.DUPLICATE_IDENTIFIER_URI,
                        InMemoryDirectory.CONFLICT_CODE));

        assertThat(directory.applications()).containsExactly(someoneElses);
        assertThat(directory.servicePrincipals()).isEmpty();
    }

    @Test
    void anApplicationThatLandedBeforeTheRetryIsFoundByItsTagAndNotMadeTwice() throws Exception {
        directory.landLateNextCallOf("createApplication");

        var firstTryTimedOut = fixture.givenAPublished(newApplicationRequested());
        directory.landLateWrites();
        firstTryTimedOut.whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(applicationCreated("app-object-1", "app-id-1"));

        assertThat(directory.applications()).hasSize(1);
        assertThat(directory.tagOf("app-object-1")).isEqualTo(DirectoryPushes.APPLICATION_TAG + MEMBER);
    }

    @Test
    void aKeyRetriedByTheManagerAfterGivingUpRemovesTheKeysItsTriesLeftAndLeavesOne() throws Exception {
        Application existing = existingApplication();
        directory.addKeyTo(existing.objectId(), "key-made-elsewhere");
        directory.timeOutAfterNextCallOf("addKey");

        var gaveUp = fixture.givenAPublished(applicationAdded(existing))
                .andThenAPublished(keyRequested(KEY_EXPIRES));
        directory.beUnavailableForNext("addKey", MAX_ATTEMPTS - 1);
        gaveUp.andThenTimeElapses(Duration.ofSeconds(2))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .andThenTimeElapses(Duration.ofSeconds(8))
                .whenPublishingA(directorySyncRetried(ADD_KEY, null))
                .expectDispatchedCommands(keyAdded("key-2", "Kx2", InMemoryDirectory.NOW, KEY_EXPIRES))
                .expectScheduledDeadlineWithName(LATE_WRITE_WINDOW, LATE_WRITES);

        assertThat(directory.keyListOf(existing.objectId())).extracting(InMemoryDirectory.Key::keyId)
                .as("the unshown key-1 removed, the shown key-2 and the other one kept")
                .containsExactly("key-made-elsewhere", "key-2");
        assertThat(secrets.held(KEY_CREDENTIALS)).contains("Kx2Q~secret-text-of-key-2");
    }

    @Test
    void aCreationWhoseEveryTryWasThrottledLooksForNothingAfterwards() throws Exception {
        directory.throttleNext("createGroup", 1, Duration.ofSeconds(3));

        fixture.givenAPublished(newGroupRequested(java.util.List.of()))
                .whenTimeElapses(Duration.ofSeconds(3))
                .expectDispatchedCommands(synced(CREATE_GROUP, NEW_GROUP))
                .expectNoScheduledDeadlines();
    }
}
