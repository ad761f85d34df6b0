package io.gatehouse.query.userslist;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MemberStatus;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.INVITE;
import static io.gatehouse.membership.DirectoryOperation.RESEND_INVITATION;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_USER;
import static io.gatehouse.membership.MemberStatus.ACTIVE;
import static io.gatehouse.membership.MemberStatus.INVITATION_PENDING;
import static io.gatehouse.membership.MemberStatus.PROVISIONING;
import static io.gatehouse.membership.MemberStatus.SYNC_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

/** The Users page's scenarios, one member's events at a time, through the one fold the list and asOf share. */
class MemberFoldTest {

    static final String ACCOUNT = "account-1";
    static final String MEMBER = "member-1";
    static final String TENANT = "tenant-1";
    static final Actor MARIA = new Actor("maria", "Maria Manager");
    static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    static final Instant NOW = Instant.parse("2026-11-27T20:00:00Z");

    @Test
    void aUserAddedFromTheDirectoryIsActiveWithItsDirectoryNames() {
        given(userAdded())
                .then(ACTIVE)
                .and(m -> {
                    assertThat(m.displayName()).isEqualTo("Ada Lovelace");
                    assertThat(m.directoryObjectId()).isEqualTo("ada-object");
                    assertThat(m.addedAt()).isEqualTo(NOW);
                    assertThat(m.version()).isZero();
                });
    }

    @Test
    void aNewUserIsProvisioningUntilTheDirectoryHasCreatedIt() {
        given(newUser()).then(PROVISIONING);
        given(newUser()).when(synced(CREATE_USER, "ada-object")).then(ACTIVE)
                .and(m -> assertThat(m.directoryObjectId()).isEqualTo("ada-object"));
    }

    @Test
    void aRefusedCreationIsSyncFailedWithTheReasonAndProvisioningAgainOnceAManagerRetries() {
        given(newUser(), failed(CREATE_USER, "duplicate userPrincipalName"))
                .then(SYNC_FAILED)
                .and(m -> assertThat(m.syncError()).isEqualTo("CREATE_USER: duplicate userPrincipalName"));
        given(newUser(), failed(CREATE_USER, "duplicate userPrincipalName")).when(retried(CREATE_USER))
                .then(PROVISIONING)
                .and(m -> assertThat(m.syncError()).isNull());
        given(newUser(), failed(CREATE_USER, "duplicate"), retried(CREATE_USER)).when(synced(CREATE_USER, "ada-object"))
                .then(ACTIVE);
    }

    @Test
    void aRetriedEditOfAnActiveUserLeavesItActiveWhileThePushIsOnItsWay() {
        given(userAdded(), edited("Augusta"), failed(UPDATE_USER, "throttled")).then(SYNC_FAILED);
        given(userAdded(), edited("Augusta"), failed(UPDATE_USER, "throttled")).when(retried(UPDATE_USER))
                .then(ACTIVE)
                .and(m -> assertThat(m.firstName()).isEqualTo("Augusta"));
    }

    @Test
    void anInvitedGuestIsPendingUntilItAccepts() {
        given(invited()).then(INVITATION_PENDING)
                .and(m -> assertThat(m.email()).isEqualTo("grace@fabrikam.com"));
        given(invited()).when(synced(INVITE, "grace-object")).then(INVITATION_PENDING)
                .and(m -> assertThat(m.directoryObjectId()).isEqualTo("grace-object"));
        given(invited(), synced(INVITE, "grace-object")).when(resent()).then(INVITATION_PENDING);
        given(invited(), synced(INVITE, "grace-object")).when(accepted()).then(ACTIVE);
    }

    @Test
    void aRetriedPushForAGuestWhoHasNotAcceptedLeavesItPending() {
        given(invited(), synced(INVITE, "grace-object"), failed(UPDATE_USER, "throttled")).when(retried(UPDATE_USER))
                .then(INVITATION_PENDING);
        given(invited(), synced(INVITE, "grace-object"), failed(UPDATE_USER, "throttled"))
                .when(synced(UPDATE_USER, null)).then(INVITATION_PENDING);
        given(invited(), failed(INVITE, "bad address")).when(retried(INVITE)).then(INVITATION_PENDING);
    }

    @Test
    void anAcceptedInvitationMakesAFailedResendMootButNotAFailedEdit() {
        given(invited(), synced(INVITE, "grace-object"), resent(), failed(RESEND_INVITATION, "throttled"))
                .when(accepted()).then(ACTIVE);
        given(invited(), synced(INVITE, "grace-object"), failed(UPDATE_USER, "throttled"))
                .when(accepted()).then(SYNC_FAILED);
    }

    @Test
    void anApplicationShowsItsCurrentUrlsAndKeysNeverTheirSecrets() {
        Instant expires = NOW.plusSeconds(86_400);
        given(new ApplicationAdded(ACCOUNT, MEMBER, TENANT, "app-object", "Build bot", "client-1", DEVELOPER, MARIA),
                new ApplicationUrlsChanged(ACCOUNT, MEMBER, "https://bot.contoso.com/reply", "api://bot", MARIA),
                new KeyRequested(ACCOUNT, MEMBER, "request-1", "credentials-1", expires, MARIA),
                new KeyAdded(ACCOUNT, MEMBER, "request-1", "key-1", "abc", NOW, expires, Actor.DIRECTORY_SYNC),
                new KeyAdded(ACCOUNT, MEMBER, "request-2", "key-2", "def", NOW, expires, Actor.DIRECTORY_SYNC))
                .when(new KeyRemoved(ACCOUNT, MEMBER, "key-1", MARIA))
                .then(ACTIVE)
                .and(m -> {
                    assertThat(m.appId()).isEqualTo("client-1");
                    assertThat(m.replyUrl()).isEqualTo("https://bot.contoso.com/reply");
                    assertThat(m.appIdUri()).isEqualTo("api://bot");
                    assertThat(m.keys()).extracting(MemberState.Key::keyId).containsExactly("key-2");
                    assertThat(m.version()).isEqualTo(5);
                });
    }

    @Test
    void aUsersGroupsAndAccessAreTheLastOnesSet() {
        given(userAdded(), new UserGroupsChanged(ACCOUNT, MEMBER, List.of(new GroupRef("group-1", "g1")),
                        List.of(new GroupRef("group-1", "g1")), List.of(), MARIA))
                .when(new RoleChanged(ACCOUNT, MEMBER, new TreeSet<>(List.of(Role.MANAGER)), DEVELOPER, MARIA))
                .then(ACTIVE)
                .and(m -> {
                    assertThat(m.groupIds()).containsExactly("group-1");
                    assertThat(m.access()).isEqualTo(Access.ofRoles(Role.MANAGER));
                });
    }

    @Test
    void aRemovedMemberIsGoneAndAnEventSeenTwiceChangesNothing() {
        assertThat(MemberFold.fold(List.of(userAdded(), new MemberRemoved(ACCOUNT, MEMBER,
                RemovalReason.REMOVED_BY_MANAGER, MARIA)))).isNull();
        MemberState edited = MemberFold.apply(MemberFold.apply(null, userAdded(), 0, NOW), edited("Augusta"), 1, NOW);
        assertThat(MemberFold.apply(edited, edited("Ada"), 1, NOW)).isSameAs(edited);
        assertThat(MemberFold.apply(edited, userAdded(), 0, NOW)).isSameAs(edited);
        assertThat(MemberFold.apply(null, edited("Ada"), 3, NOW)).as("a member this list does not know").isNull();
    }

    // the events of the scenarios

    static UserAdded userAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, "ada-object", "Ada Lovelace", "Ada", "Lovelace",
                "ada@contoso.com", "ada@contoso.com", DEVELOPER, MARIA);
    }

    static NewUserRequested newUser() {
        return new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace", "ada@contoso.com",
                false, null, List.of(), DEVELOPER, "credentials-1", MARIA);
    }

    static UserInvited invited() {
        return new UserInvited(ACCOUNT, MEMBER, "invitation-1", TENANT, "grace@fabrikam.com", DEVELOPER, MARIA);
    }

    static InvitationResent resent() {
        return new InvitationResent(ACCOUNT, MEMBER, "invitation-1", MARIA);
    }

    static InvitationAccepted accepted() {
        return new InvitationAccepted(ACCOUNT, MEMBER, "invitation-1", Actor.DIRECTORY_SYNC);
    }

    static UserEdited edited(String firstName) {
        return new UserEdited(ACCOUNT, MEMBER, firstName, null, firstName + " Lovelace", null, MARIA);
    }

    static DirectorySynced synced(io.gatehouse.membership.DirectoryOperation operation, String objectId) {
        return new DirectorySynced(ACCOUNT, MEMBER, operation, objectId, null, Actor.DIRECTORY_SYNC);
    }

    static DirectorySyncFailed failed(io.gatehouse.membership.DirectoryOperation operation, String reason) {
        return new DirectorySyncFailed(ACCOUNT, MEMBER, operation, reason, "code", Actor.DIRECTORY_SYNC);
    }

    static DirectorySyncRetried retried(io.gatehouse.membership.DirectoryOperation operation) {
        return new DirectorySyncRetried(ACCOUNT, MEMBER, operation, null, MARIA);
    }

    // given / when / then over the fold

    static Scenario given(MembershipEvent... events) {
        return new Scenario(new ArrayList<>(List.of(events)));
    }

    record Scenario(List<MembershipEvent> events) {
        Scenario when(MembershipEvent event) {
            events.add(event);
            return this;
        }

        Outcome then(MemberStatus status) {
            MemberState member = null;
            long version = 0;
            for (MembershipEvent event : events) {
                member = MemberFold.apply(member, event, version++, NOW);
            }
            assertThat(member).as("the member after " + events).isNotNull();
            assertThat(member.status()).as("status after " + events).isEqualTo(status);
            return new Outcome(member);
        }
    }

    record Outcome(MemberState member) {
        void and(java.util.function.Consumer<MemberState> check) {
            check.accept(member);
        }
    }
}
