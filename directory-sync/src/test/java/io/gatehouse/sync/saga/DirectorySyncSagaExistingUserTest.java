package io.gatehouse.sync.saga;

import io.gatehouse.membership.UserAdded;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.membership.DirectoryOperation.RESET_PASSWORD;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_GROUPS;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** An existing directory user became a member: its password resets and edits go through the saga. */
class DirectorySyncSagaExistingUserTest extends DirectorySyncSagaScenario {

    static final String ALAN_UPN = "alan.turing@contoso.onmicrosoft.com";
    static final String RESET_CREDENTIALS = "credentials-reset";
    static final String RESET_PASSWORD_TEXT = "Tmp-Reset-Pa55";

    InMemoryDirectory.User alan;

    @BeforeEach
    void alanIsInTheDirectory() {
        alan = directory.addUser(TENANT, EXISTING_USER, "Alan", "Turing", ALAN_UPN, "his-own-password");
        secrets.holds(RESET_CREDENTIALS, RESET_PASSWORD_TEXT);
    }

    @Test
    void anExistingUserBecomingAMemberPushesNothing() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(userAdded())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("memberId", MEMBER)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();

        assertThat(directory.calls()).isEmpty();
    }

    @Test
    void aPasswordResetSetsTheTemporaryPasswordAndRecordsIt() {
        fixture.givenAPublished(userAdded())
                .whenPublishingA(passwordResetRequested(RESET_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RESET_PASSWORD, EXISTING_USER))
                .expectNoScheduledDeadlines();

        assertThat(alan.password).isEqualTo(RESET_PASSWORD_TEXT);
        assertThat(secrets.shownWith(RESET_CREDENTIALS)).isEqualTo(Map.of("username", ALAN_UPN));
    }

    @Test
    void aPasswordResetWhoseTemporaryPasswordExpiredIsRecordedAsTemporaryPasswordExpired() {
        secrets.expire(RESET_CREDENTIALS);

        fixture.givenAPublished(userAdded())
                .whenPublishingA(passwordResetRequested(RESET_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(RESET_PASSWORD, "The temporary password expired before the "
                        + "directory had it; reset the password again.", "TemporaryPasswordExpired"));

        assertThat(alan.password).isEqualTo("his-own-password");
        assertThat(directory.callsOf("resetPassword")).isZero();
    }

    @Test
    void aRetriedPasswordResetUsesTheNewCredentials() {
        secrets.expire(RESET_CREDENTIALS);
        secrets.holds(NEW_CREDENTIALS, NEW_PASSWORD);

        fixture.givenAPublished(userAdded())
                .andThenAPublished(passwordResetRequested(RESET_CREDENTIALS))
                .whenPublishingA(directorySyncRetried(RESET_PASSWORD, NEW_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RESET_PASSWORD, EXISTING_USER));

        assertThat(alan.password).isEqualTo(NEW_PASSWORD);
        assertThat(secrets.isReady(NEW_CREDENTIALS)).isTrue();
    }

    @Test
    void aPasswordResetForAUserGoneFromTheDirectoryIsRecordedAsNotFound() {
        fixture.givenAPublished(new UserAdded(ACCOUNT, MEMBER, TENANT, "deleted-user",
                        "Gone User", "Gone", "User", "gone@contoso.onmicrosoft.com", null, null, MANAGER))
                .whenPublishingA(passwordResetRequested(RESET_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(RESET_PASSWORD, "Resource 'deleted-user' does not exist or one "
                        + "of its queried reference-property objects are not present.", "Request_ResourceNotFound"));

        assertThat(secrets.isReady(RESET_CREDENTIALS)).isFalse();
    }

    @Test
    void anEditUpdatesTheNamesGivenAndLeavesTheOthers() {
        fixture.givenAPublished(userAdded())
                .whenPublishingA(userEdited("Alan M.", null, "Alan M. Turing", "alan@contoso.onmicrosoft.com"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_USER, EXISTING_USER));

        assertThat(alan.givenName).isEqualTo("Alan M.");
        assertThat(alan.surname).isEqualTo("Turing");
        assertThat(alan.displayName).isEqualTo("Alan M. Turing");
        assertThat(alan.userPrincipalName).isEqualTo("alan@contoso.onmicrosoft.com");
    }

    @Test
    void anEditToAUsernameTakenByAnotherUserIsRecordedWithTheDirectorysMessageAndCode() {
        directory.addUser(TENANT, "someone-else", "Alan", "Other", "alan@contoso.onmicrosoft.com", "x");

        fixture.givenAPublished(userAdded())
                .whenPublishingA(userEdited(null, null, null, "alan@contoso.onmicrosoft.com"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(UPDATE_USER, InMemoryDirectory.DUPLICATE_UPN,
                        InMemoryDirectory.CONFLICT_CODE));

        assertThat(alan.userPrincipalName).isEqualTo(ALAN_UPN);
    }

    @Test
    void aRetriedEditPushesTheSameEditAgain() {
        directory.conflictOnNext("updateUser", InMemoryDirectory.CONFLICT_CODE, InMemoryDirectory.DUPLICATE_UPN);

        fixture.givenAPublished(userAdded())
                .andThenAPublished(userEdited(null, "Mathison-Turing", "Alan Mathison-Turing", null))
                .whenPublishingA(directorySyncRetried(UPDATE_USER, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_USER, EXISTING_USER));

        assertThat(alan.surname).isEqualTo("Mathison-Turing");
        assertThat(directory.callsOf("updateUser")).isEqualTo(2);
    }

    @Test
    void aGroupChangeAddsAndRemovesTheGroupReferences() {
        directory.addGroupMember(TENANT, marketers, EXISTING_USER);

        fixture.givenAPublished(userAdded())
                .whenPublishingA(userGroupsChanged(List.of(developersGroup()), List.of(developersGroup()),
                        List.of(marketersGroup())))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_GROUPS, EXISTING_USER));

        assertThat(directory.membersOf(developers)).containsExactly(EXISTING_USER);
        assertThat(directory.membersOf(marketers)).isEmpty();
    }

    @Test
    void aRetriedGroupChangePushesTheSameGroupChangeAgain() {
        directory.failNextCalls("addGroupMember", 1, () -> new DirectoryException(Reason.FORBIDDEN,
                "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));

        fixture.givenAPublished(userAdded())
                .andThenAPublished(userGroupsChanged(List.of(developersGroup()), List.of(developersGroup()), List.of()))
                .whenPublishingA(directorySyncRetried(UPDATE_GROUPS, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_GROUPS, EXISTING_USER));

        assertThat(directory.membersOf(developers)).containsExactly(EXISTING_USER);
    }
}
