package io.gatehouse.sync.saga;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySyncFailure;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;

/**
 * What the saga tests share: a fixture whose saga pushes to a real {@link DirectoryPushes} over an in-memory
 * directory and one-time store, the members and events of the scenarios, and the commands the saga records.
 */
abstract class DirectorySyncSagaScenario {

    static final String ACCOUNT = "account-7";
    static final String MEMBER = "member-42";
    static final String OTHER_MEMBER = "member-43";
    static final String TENANT = "contoso-tenant";
    static final String REDIRECT_URL = "https://partner.microsoft.com/dashboard";
    static final Actor MANAGER = new Actor("oid-of-maria", "Maria Manager");

    static final String ADA_UPN = "ada.lovelace@contoso.onmicrosoft.com";
    static final String FIRST_CREDENTIALS = "credentials-1";
    static final String FIRST_PASSWORD = "Tmp-First-Pa55";
    static final String NEW_CREDENTIALS = "credentials-2";
    static final String NEW_PASSWORD = "Tmp-Second-Pa55";
    static final String GUEST_EMAIL = "grace@fabrikam.com";
    static final String EXISTING_USER = "existing-user-9";

    /** The saga's retry deadline and the backoff of {@link RetryPolicy}: 2s, 4s, 8s, ..., at most 5 min, 4 tries. */
    static final String RETRY = DirectorySyncSaga.RETRY;
    static final int MAX_ATTEMPTS = 4;
    /** The saga's deadline for a second look after a creation whose earlier try got no answer. */
    static final String LATE_WRITES = DirectorySyncSaga.LATE_WRITES;
    static final Duration LATE_WRITE_WINDOW = RetryPolicy.DEFAULT_LATE_WRITE_WINDOW;

    SagaTestFixture<DirectorySyncSaga> fixture;
    InMemoryDirectory directory;
    InMemoryOneTimeSecrets secrets;
    String developers;
    String marketers;

    @BeforeEach
    void sagaOverAnInMemoryDirectory() {
        directory = new InMemoryDirectory();
        secrets = new InMemoryOneTimeSecrets();
        developers = directory.addGroup(TENANT, "Developers");
        marketers = directory.addGroup(TENANT, "Marketers");
        secrets.holds(FIRST_CREDENTIALS, FIRST_PASSWORD);
        fixture = new SagaTestFixture<>(DirectorySyncSaga.class);
        fixture.registerResource(new DirectoryPushes(directory, secrets, REDIRECT_URL));
        fixture.registerResource(new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), MAX_ATTEMPTS));
    }

    // --- events of the membership aggregate ----------------------------------------------------------------

    static NewUserRequested newUserRequested() {
        return newUserRequested(false, List.of());
    }

    static NewUserRequested newUserRequested(boolean globalAdministrator, List<GroupRef> groups) {
        return new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace", ADA_UPN,
                globalAdministrator, globalAdministrator ? "ada@lovelace.example" : null, groups,
                Access.ofRoles(Role.DEVELOPER), FIRST_CREDENTIALS, MANAGER);
    }

    static UserInvited userInvited() {
        return new UserInvited(ACCOUNT, MEMBER, "invitation-5", TENANT, GUEST_EMAIL, Access.ofRoles(Role.MARKETER),
                MANAGER);
    }

    /** An existing directory user, {@link #EXISTING_USER}, became a member. */
    static UserAdded userAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, EXISTING_USER, "Alan Turing", "Alan", "Turing",
                "alan.turing@contoso.onmicrosoft.com", null, Access.ofRoles(Role.DEVELOPER), MANAGER);
    }

    static InvitationResent invitationResent() {
        return new InvitationResent(ACCOUNT, MEMBER, "invitation-5", MANAGER);
    }

    static PasswordResetRequested passwordResetRequested(String credentialsId) {
        return new PasswordResetRequested(ACCOUNT, MEMBER, credentialsId, MANAGER);
    }

    static UserEdited userEdited(String firstName, String lastName, String displayName, String username) {
        return new UserEdited(ACCOUNT, MEMBER, firstName, lastName, displayName, username, MANAGER);
    }

    static UserGroupsChanged userGroupsChanged(List<GroupRef> groups, List<GroupRef> added, List<GroupRef> removed) {
        return new UserGroupsChanged(ACCOUNT, MEMBER, groups, added, removed, MANAGER);
    }

    static DirectorySyncRetried directorySyncRetried(DirectoryOperation operation, String credentialsId) {
        return new DirectorySyncRetried(ACCOUNT, MEMBER, operation, credentialsId, MANAGER);
    }

    static MemberRemoved memberRemoved() {
        return new MemberRemoved(ACCOUNT, MEMBER, RemovalReason.REMOVED_BY_MANAGER, MANAGER);
    }

    GroupRef developersGroup() {
        return new GroupRef("member-dev", developers);
    }

    GroupRef marketersGroup() {
        return new GroupRef("member-mkt", marketers);
    }

    // --- what the saga records --------------------------------------------------------------------------------

    /** A user's push the directory did (a user has no appId). */
    static RecordDirectorySync synced(DirectoryOperation operation, String directoryObjectId) {
        return new RecordDirectorySync(MEMBER, ACCOUNT, operation, directoryObjectId, null);
    }

    static RecordDirectorySyncFailure failed(DirectoryOperation operation, String reason, String code) {
        return new RecordDirectorySyncFailure(MEMBER, ACCOUNT, operation, reason, code);
    }

    /** The only user the directory has with Ada's username. */
    InMemoryDirectory.User ada() {
        List<InMemoryDirectory.User> adas = directory.users().stream()
                .filter(u -> u.userPrincipalName.equalsIgnoreCase(ADA_UPN)).toList();
        if (adas.size() != 1) {
            throw new AssertionError("expected exactly one user " + ADA_UPN + " in the directory, found " + adas.size());
        }
        return adas.get(0);
    }
}
