package io.gatehouse.sync.saga;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** A Manager asked for a new directory user: the saga creates it, or records why the directory would not. */
class DirectorySyncSagaCreateUserTest extends DirectorySyncSagaScenario {

    @Test
    void aNewUserIsCreatedWithThePasswordFromTheOneTimeStoreAndItsObjectIdIsRecorded() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("memberId", MEMBER)
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        InMemoryDirectory.User ada = ada();
        assertThat(ada.id).isEqualTo("user-1");
        assertThat(ada.tenantId).isEqualTo(TENANT);
        assertThat(ada.password).isEqualTo(FIRST_PASSWORD);
        assertThat(ada.givenName).isEqualTo("Ada");
        assertThat(ada.surname).isEqualTo("Lovelace");
        assertThat(ada.displayName).isEqualTo("Ada Lovelace");
        assertThat(ada.mailNickname).isEqualTo("adalovelace");
        assertThat(directory.globalAdministrators()).isEmpty();
        assertThat(directory.membersOf(developers)).isEmpty();
        // a first try creates straight away: a user found under the name now would be somebody else's
        assertThat(directory.calls()).containsExactly("createUser");
        assertThat(secrets.shownWith(FIRST_CREDENTIALS)).isEqualTo(Map.of("username", ADA_UPN));
    }

    @Test
    void aGlobalAdministratorWithGroupsGetsTheRoleAndTheGroupReferences() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested(true, List.of(developersGroup(), marketersGroup())))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"));

        assertThat(directory.globalAdministrators()).containsExactly("user-1");
        assertThat(directory.membersOf(developers)).containsExactly("user-1");
        assertThat(directory.membersOf(marketers)).containsExactly("user-1");
        assertThat(ada().password).isEqualTo(FIRST_PASSWORD);
    }

    @Test
    void aDuplicateUserPrincipalNameIsRecordedAsAFailureWithTheDirectorysMessageAndCode() {
        directory.conflictOnNext("createUser", InMemoryDirectory.CONFLICT_CODE, InMemoryDirectory.DUPLICATE_UPN);

        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested(true, List.of(developersGroup())))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_USER,
                        "Another object with the same value for property userPrincipalName already exists.",
                        "Request_BadRequest"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);

        assertThat(directory.users()).isEmpty();
        assertThat(directory.globalAdministrators()).isEmpty();
        assertThat(directory.membersOf(developers)).isEmpty();
        assertThat(secrets.isReady(FIRST_CREDENTIALS)).as("a password the directory does not have is never shown")
                .isFalse();
    }

    @Test
    void anExpiredTemporaryPasswordIsRecordedAsTemporaryPasswordExpiredAndNothingIsCreated() {
        secrets.expire(FIRST_CREDENTIALS);

        fixture.givenNoPriorActivity()
                .whenPublishingA(newUserRequested())
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_USER, "The temporary password expired before the directory "
                        + "had the user; retry to issue a new one.", "TemporaryPasswordExpired"))
                .expectNoScheduledDeadlines();

        assertThat(directory.users()).isEmpty();
        assertThat(directory.callsOf("createUser")).isZero();
    }

    @Test
    void aRetryAfterAFailedCreatePushesTheCreateAgainWithTheNewCredentials() {
        directory.conflictOnNext("createUser", InMemoryDirectory.CONFLICT_CODE, InMemoryDirectory.DUPLICATE_UPN);
        secrets.holds(NEW_CREDENTIALS, NEW_PASSWORD);

        fixture.givenAPublished(newUserRequested(true, List.of(developersGroup())))
                .whenPublishingA(directorySyncRetried(CREATE_USER, NEW_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"))
                .expectNoScheduledDeadlines();

        InMemoryDirectory.User ada = ada();
        assertThat(ada.password).isEqualTo(NEW_PASSWORD);
        assertThat(ada.displayName).isEqualTo("Ada Lovelace");
        assertThat(directory.globalAdministrators()).as("what the first request asked for is kept")
                .containsExactly("user-1");
        assertThat(directory.membersOf(developers)).containsExactly("user-1");
        assertThat(secrets.shownWith(NEW_CREDENTIALS)).isEqualTo(Map.of("username", ADA_UPN));
    }

    @Test
    void aRetryAfterAnExpiredPasswordCreatesTheUserWithTheNewPassword() {
        secrets.expire(FIRST_CREDENTIALS);
        secrets.holds(NEW_CREDENTIALS, NEW_PASSWORD);

        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(directorySyncRetried(CREATE_USER, NEW_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_USER, "user-1"));

        assertThat(ada().password).isEqualTo(NEW_PASSWORD);
    }

    @Test
    void whenTheCreateIsRefusedAfterWaitingTheEditQueuedBehindItIsDropped() {
        // the create waits for a retry, an edit queues behind it, then the directory refuses the create
        directory.beUnavailableForNextCalls(1)
                .conflictOnNext("createUser", InMemoryDirectory.CONFLICT_CODE, InMemoryDirectory.DUPLICATE_UPN);

        fixture.givenAPublished(newUserRequested())
                .andThenAPublished(userEdited("Augusta", null, "Augusta Lovelace", null))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(failed(CREATE_USER, InMemoryDirectory.DUPLICATE_UPN,
                        InMemoryDirectory.CONFLICT_CODE))
                .expectNoScheduledDeadlines();

        assertThat(directory.callsOf("updateUser")).as("nothing after a failed creation is pushed").isZero();
        assertThat(directory.users()).isEmpty();
    }

    @Test
    void anEditAfterTheUserWasCreatedIsPushedAsAnUpdateOfThatUser() {
        fixture.givenAPublished(newUserRequested())
                .whenPublishingA(userEdited(null, "King", "Ada King", null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_USER, "user-1"));

        InMemoryDirectory.User ada = ada();
        assertThat(ada.givenName).isEqualTo("Ada");
        assertThat(ada.surname).isEqualTo("King");
        assertThat(ada.displayName).isEqualTo("Ada King");
    }
}
