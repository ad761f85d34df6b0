package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.MembershipCommands.ChangeApplicationUrls;
import io.gatehouse.membership.MembershipCommands.RecordKeyAdded;
import io.gatehouse.membership.MembershipCommands.RemoveKey;
import io.gatehouse.membership.MembershipCommands.RenameGroup;
import io.gatehouse.membership.MembershipCommands.RequestKey;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserRef;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** A group's name, an application's URLs and an application's keys. */
class GroupsAndApplicationsTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String OTHER_ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000002";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String GROUP_OBJECT = "eeeeeeee-0000-4000-8000-00000000000e";
    private static final String APP_OBJECT = "ffffffff-0000-4000-8000-00000000000f";
    private static final String APP_ID = "12345678-aaaa-4bbb-8ccc-1234567890ab";
    private static final String REPLY_URL = "https://build.contoso.example/signin";
    private static final String APP_ID_URI = "api://build.contoso.example";
    private static final String KEY_REQUEST = "4e900000-0000-4000-8000-000000000001";
    private static final String KEY_CREDENTIALS = "c7ed0000-0000-4000-8000-0000000000a1";
    private static final String KEY_ID = "9e000000-0000-4000-8000-000000000001";
    private static final String OTHER_KEY_ID = "9e000000-0000-4000-8000-000000000002";
    private static final Instant CREATED_AT = Instant.parse("2026-11-27T09:00:00Z");
    private static final Instant EXPIRES_AT = Instant.parse("2028-11-27T09:00:00Z");
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    private static NewGroupRequested newGroupRequested() {
        return new NewGroupRequested(ACCOUNT, MEMBER, TENANT, "Release team", "releaseteam",
                List.of(new UserRef("a0000000-0000-4000-8000-000000000001", "d0000000-0000-4000-8000-000000000001")),
                DEVELOPER, MANAGER);
    }

    private static GroupAdded groupAdded() {
        return new GroupAdded(ACCOUNT, MEMBER, TENANT, GROUP_OBJECT, "Release team", DEVELOPER, MANAGER);
    }

    private static NewApplicationRequested newApplicationRequested() {
        return new NewApplicationRequested(ACCOUNT, MEMBER, TENANT, "Build pipeline", REPLY_URL, APP_ID_URI,
                DEVELOPER, MANAGER);
    }

    private static DirectorySynced applicationCreated() {
        return new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.CREATE_APPLICATION, APP_OBJECT, APP_ID,
                Actor.DIRECTORY_SYNC);
    }

    private static ApplicationAdded applicationAdded() {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, APP_OBJECT, "Build pipeline", APP_ID, DEVELOPER,
                MANAGER);
    }

    private static UserAdded userAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, "dddddddd-0000-4000-8000-00000000000d", "Dana Developer",
                "Dana", "Developer", "dana@contoso.example", "dana@contoso.example", DEVELOPER, MANAGER);
    }

    private static KeyAdded keyAdded(String keyId) {
        return new KeyAdded(ACCOUNT, MEMBER, KEY_REQUEST, keyId, "Xy7", CREATED_AT, EXPIRES_AT, Actor.DIRECTORY_SYNC);
    }

    // RenameGroup

    @Test
    void renamingAGroupRecordsTheNewName() {
        fixture.given(groupAdded())
                .when(new RenameGroup(MEMBER, ACCOUNT, "Release managers", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new GroupRenamed(ACCOUNT, MEMBER, "Release managers", MANAGER));
    }

    @Test
    void renamingANewGroupToTheNameItWasRequestedWithRecordsNothing() {
        fixture.given(newGroupRequested())
                .when(new RenameGroup(MEMBER, ACCOUNT, "Release team", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renamingAGroupToItsLastNewNameRecordsNothing() {
        fixture.given(groupAdded(), new GroupRenamed(ACCOUNT, MEMBER, "Release managers", MANAGER))
                .when(new RenameGroup(MEMBER, ACCOUNT, "Release managers", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aUserIsNotAGroupToRename() {
        fixture.given(userAdded())
                .when(new RenameGroup(MEMBER, ACCOUNT, "Release managers", null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-group"));
    }

    @Test
    void anApplicationIsNotAGroupToRename() {
        fixture.given(applicationAdded())
                .when(new RenameGroup(MEMBER, ACCOUNT, "Release managers", null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-a-group"));
    }

    @Test
    void renamingThroughAnotherAccountIsNotFound() {
        fixture.given(groupAdded())
                .when(new RenameGroup(MEMBER, OTHER_ACCOUNT, "Release managers", null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    // ChangeApplicationUrls

    @Test
    void theSameUrlsRecordNothing() {
        fixture.given(newApplicationRequested(), applicationCreated())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, REPLY_URL, APP_ID_URI, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void noUrlsRecordNothing() {
        fixture.given(newApplicationRequested(), applicationCreated())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, null, null, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewReplyUrlIsRecordedAloneWhenTheAppIdUriIsUnchanged() {
        fixture.given(newApplicationRequested(), applicationCreated())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, "https://build.contoso.example/callback",
                        APP_ID_URI, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApplicationUrlsChanged(ACCOUNT, MEMBER, "https://build.contoso.example/callback",
                        null, MANAGER));
    }

    @Test
    void aNewAppIdUriIsRecordedAloneWhenTheReplyUrlIsUnchanged() {
        fixture.given(newApplicationRequested())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, REPLY_URL, "api://pipeline.contoso.example", null,
                        MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApplicationUrlsChanged(ACCOUNT, MEMBER, null, "api://pipeline.contoso.example",
                        MANAGER));
    }

    @Test
    void urlsAreComparedWithThoseOfTheLastChange() {
        fixture.given(newApplicationRequested(), applicationCreated(), new ApplicationUrlsChanged(ACCOUNT, MEMBER,
                        "https://build.contoso.example/callback", null, MANAGER))
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, "https://build.contoso.example/callback",
                        APP_ID_URI, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void bothUrlsChangedAreRecordedTogether() {
        fixture.given(applicationAdded())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, REPLY_URL, APP_ID_URI, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApplicationUrlsChanged(ACCOUNT, MEMBER, REPLY_URL, APP_ID_URI, MANAGER));
    }

    @Test
    void aGroupHasNoUrlsToChange() {
        fixture.given(groupAdded())
                .when(new ChangeApplicationUrls(MEMBER, ACCOUNT, REPLY_URL, null, null, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-an-application"));
    }

    // RequestKey

    @Test
    void aKeyForAnApplicationNotYetInTheDirectoryIsNotProvisioned() {
        fixture.given(newApplicationRequested())
                .when(new RequestKey(MEMBER, ACCOUNT, KEY_REQUEST, KEY_CREDENTIALS, EXPIRES_AT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-provisioned"));
    }

    @Test
    void aKeyForAnApplicationWhoseCreationFailedIsNotProvisioned() {
        fixture.given(newApplicationRequested(), new DirectorySyncFailed(ACCOUNT, MEMBER,
                        DirectoryOperation.CREATE_APPLICATION, "Another object with the same value for property "
                        + "identifierUris already exists.", "Request_BadRequest", Actor.DIRECTORY_SYNC))
                .when(new RequestKey(MEMBER, ACCOUNT, KEY_REQUEST, KEY_CREDENTIALS, EXPIRES_AT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-provisioned"));
    }

    @Test
    void aKeyForACreatedApplicationIsRequested() {
        fixture.given(newApplicationRequested(), applicationCreated())
                .when(new RequestKey(MEMBER, ACCOUNT, KEY_REQUEST, KEY_CREDENTIALS, EXPIRES_AT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KeyRequested(ACCOUNT, MEMBER, KEY_REQUEST, KEY_CREDENTIALS, EXPIRES_AT, MANAGER));
    }

    @Test
    void aKeyForAnExistingApplicationIsRequested() {
        fixture.given(applicationAdded())
                .when(new RequestKey(MEMBER, ACCOUNT, KEY_REQUEST, KEY_CREDENTIALS, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KeyRequested(ACCOUNT, MEMBER, KEY_REQUEST, KEY_CREDENTIALS, null, MANAGER));
    }

    @Test
    void aUserHasNoKeys() {
        fixture.given(userAdded())
                .when(new RequestKey(MEMBER, ACCOUNT, KEY_REQUEST, KEY_CREDENTIALS, EXPIRES_AT, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-an-application"));
    }

    // RecordKeyAdded

    @Test
    void theKeyTheDirectoryMadeIsRecordedWithItsIdHintAndDatesByDirectorySync() {
        fixture.given(applicationAdded(), new KeyRequested(ACCOUNT, MEMBER, KEY_REQUEST, KEY_CREDENTIALS,
                        EXPIRES_AT, MANAGER))
                .when(new RecordKeyAdded(MEMBER, ACCOUNT, KEY_REQUEST, KEY_ID, "Xy7", CREATED_AT, EXPIRES_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KeyAdded(ACCOUNT, MEMBER, KEY_REQUEST, KEY_ID, "Xy7", CREATED_AT, EXPIRES_AT,
                        Actor.DIRECTORY_SYNC));
    }

    @Test
    void neitherTheRecordingCommandNorTheEventCanCarryTheSecret() {
        // nothing of the key but its id, hint and dates: the secret only ever goes to the one-time store
        assertThat(Arrays.stream(KeyAdded.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("accountId", "memberId", "keyRequestId", "keyId", "hint", "createdAt", "expiresAt",
                        "actor");
        assertThat(Arrays.stream(RecordKeyAdded.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("memberId", "accountId", "keyRequestId", "keyId", "hint", "createdAt",
                        "expiresAt");
    }

    @Test
    void aKeyRecordedForAMemberOfAnotherAccountIsNotFound() {
        fixture.given(applicationAdded())
                .when(new RecordKeyAdded(MEMBER, OTHER_ACCOUNT, KEY_REQUEST, KEY_ID, "Xy7", CREATED_AT, EXPIRES_AT))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    // RemoveKey

    @Test
    void anUnknownKeyIsNotFound() {
        fixture.given(applicationAdded(), keyAdded(KEY_ID))
                .when(new RemoveKey(MEMBER, ACCOUNT, OTHER_KEY_ID, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found", rejection ->
                        assertThat(rejection.getMessage()).contains(OTHER_KEY_ID)));
    }

    @Test
    void aKnownKeyIsRemoved() {
        fixture.given(applicationAdded(), keyAdded(KEY_ID), keyAdded(OTHER_KEY_ID))
                .when(new RemoveKey(MEMBER, ACCOUNT, KEY_ID, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KeyRemoved(ACCOUNT, MEMBER, KEY_ID, MANAGER));
    }

    @Test
    void aKeyRecordedThroughTheCommandCanBeRemoved() {
        fixture.given(applicationAdded())
                .andGivenCommands(new RecordKeyAdded(MEMBER, ACCOUNT, KEY_REQUEST, KEY_ID, "Xy7", CREATED_AT,
                        EXPIRES_AT))
                .when(new RemoveKey(MEMBER, ACCOUNT, KEY_ID, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KeyRemoved(ACCOUNT, MEMBER, KEY_ID, MANAGER));
    }

    @Test
    void aRemovedKeyIsNotFoundTheSecondTime() {
        fixture.given(applicationAdded(), keyAdded(KEY_ID), new KeyRemoved(ACCOUNT, MEMBER, KEY_ID, MANAGER))
                .when(new RemoveKey(MEMBER, ACCOUNT, KEY_ID, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not-found"));
    }

    @Test
    void aGroupHasNoKeyToRemove() {
        fixture.given(groupAdded())
                .when(new RemoveKey(MEMBER, ACCOUNT, KEY_ID, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "not-an-application"));
    }
}
