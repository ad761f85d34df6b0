package io.gatehouse.sync.saga;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordKeyAdded;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.UserRef;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import io.gatehouse.directory.DirectoryObject;
import org.axonframework.commandhandling.CommandMessage;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.gatehouse.membership.DirectoryOperation.ADD_KEY;
import static io.gatehouse.membership.DirectoryOperation.CREATE_APPLICATION;
import static io.gatehouse.membership.DirectoryOperation.CREATE_GROUP;
import static io.gatehouse.membership.DirectoryOperation.CREATE_USER;
import static io.gatehouse.membership.DirectoryOperation.REMOVE_KEY;
import static io.gatehouse.membership.DirectoryOperation.RENAME_GROUP;
import static io.gatehouse.membership.DirectoryOperation.UPDATE_APPLICATION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups and applications: a new group with its members, a rename, a new application with its service
 * principal, URL changes, and keys whose secret goes to the one-time store and never into a command.
 */
class DirectorySyncSagaGroupsAndApplicationsTest extends DirectorySyncSagaScenario {

    static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    static final String NICKNAME = "releaseteam-member42";
    static final UserRef ALICE = new UserRef("member-50", "user-alice");
    static final UserRef BOB = new UserRef("member-51", "user-bob");
    /** Two groups exist before each test ({@link #developers}, {@link #marketers}): a new one is the third. */
    static final String NEW_GROUP = "group-3";

    static final String REPLY_URL = "https://build.contoso.example/signin";
    static final String APP_ID_URI = "api://build.contoso.example";
    static final String NEW_REPLY_URL = "https://build.contoso.example/callback";
    static final String NEW_APP_ID_URI = "api://pipeline.contoso.example";

    static final String KEY_REQUEST = "key-request-1";
    static final String KEY_CREDENTIALS = "key-credentials-1";
    static final Instant KEY_EXPIRES = Instant.parse("2027-05-27T09:00:00Z");
    static final String NO_RIGHTS = "Insufficient privileges to complete the operation.";

    // --- events of the membership aggregate ----------------------------------------------------------------

    static NewGroupRequested newGroupRequested(List<UserRef> members) {
        return new NewGroupRequested(ACCOUNT, MEMBER, TENANT, "Release team", NICKNAME, members, DEVELOPER, MANAGER);
    }

    static GroupAdded groupAdded(String groupId, String displayName) {
        return new GroupAdded(ACCOUNT, MEMBER, TENANT, groupId, displayName, DEVELOPER, MANAGER);
    }

    static GroupRenamed groupRenamed(String displayName) {
        return new GroupRenamed(ACCOUNT, MEMBER, displayName, MANAGER);
    }

    static NewApplicationRequested newApplicationRequested() {
        return new NewApplicationRequested(ACCOUNT, MEMBER, TENANT, "Build pipeline", REPLY_URL, APP_ID_URI,
                DEVELOPER, MANAGER);
    }

    static ApplicationAdded applicationAdded(Application application) {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, application.objectId(), application.displayName(),
                application.appId(), DEVELOPER, MANAGER);
    }

    static ApplicationUrlsChanged applicationUrlsChanged(String replyUrl, String appIdUri) {
        return new ApplicationUrlsChanged(ACCOUNT, MEMBER, replyUrl, appIdUri, MANAGER);
    }

    static KeyRequested keyRequested(Instant expiresAt) {
        return new KeyRequested(ACCOUNT, MEMBER, KEY_REQUEST, KEY_CREDENTIALS, expiresAt, MANAGER);
    }

    static KeyRemoved keyRemoved(String keyId) {
        return new KeyRemoved(ACCOUNT, MEMBER, keyId, MANAGER);
    }

    // --- what the saga records --------------------------------------------------------------------------------

    static RecordDirectorySync applicationCreated(String objectId, String appId) {
        return new RecordDirectorySync(MEMBER, ACCOUNT, CREATE_APPLICATION, objectId, appId);
    }

    static RecordKeyAdded keyAdded(String keyId, String hint, Instant createdAt, Instant expiresAt) {
        return new RecordKeyAdded(MEMBER, ACCOUNT, KEY_REQUEST, keyId, hint, createdAt, expiresAt);
    }

    /** An application somebody made in the tenant before, outside Gatehouse. */
    Application existingApplication() {
        return directory.addApplication(TENANT, "Existing pipeline", "https://old.contoso.example/signin",
                "api://old.contoso.example");
    }

    /** Lets a dispatched-commands expectation be checked with AssertJ on the payloads. */
    static Matcher<List<CommandMessage<?>>> payloadsSatisfying(Consumer<List<Object>> assertions) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                List<Object> payloads = ((List<?>) item).stream()
                        .<Object>map(command -> ((CommandMessage<?>) command).getPayload()).toList();
                assertions.accept(payloads); // a failed assertion fails the test with its own message
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("dispatched commands satisfying the assertions");
            }
        };
    }

    // --- a new group ------------------------------------------------------------------------------------------

    @Test
    void aNewGroupIsCreatedWithItsMailNicknameItsMembersAreAddedAndItsObjectIdIsRecorded() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(newGroupRequested(List.of(ALICE, BOB)))
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("memberId", MEMBER)
                .expectDispatchedCommands(new RecordDirectorySync(MEMBER, ACCOUNT, CREATE_GROUP, NEW_GROUP, null))
                .expectNoScheduledDeadlines();

        assertThat(directory.group(NEW_GROUP)).map(DirectoryObject::displayName).contains("Release team");
        assertThat(directory.mailNicknameOf(NEW_GROUP)).isEqualTo(NICKNAME);
        assertThat(directory.membersOf(NEW_GROUP)).containsExactlyInAnyOrder("user-alice", "user-bob");
        assertThat(directory.calls()).containsExactly("findGroupsByMailNickname", "createGroup", "addGroupMember",
                "addGroupMember");
    }

    @Test
    void aNewGroupWithoutMembersIsCreatedEmpty() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(newGroupRequested(List.of()))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_GROUP, NEW_GROUP));

        assertThat(directory.membersOf(NEW_GROUP)).isEmpty();
        assertThat(directory.callsOf("addGroupMember")).isZero();
    }

    @Test
    void aGroupCreationThatTimedOutAfterSucceedingIsFoundByItsMailNicknameAndNotMadeTwice() {
        directory.timeOutAfterNextCallOf("createGroup");

        fixture.givenAPublished(newGroupRequested(List.of(ALICE)))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(synced(CREATE_GROUP, NEW_GROUP))
                .expectScheduledDeadlineWithName(LATE_WRITE_WINDOW, LATE_WRITES);

        assertThat(directory.callsOf("createGroup")).isEqualTo(1);
        assertThat(directory.group("group-4")).as("a second group").isEmpty();
        assertThat(directory.membersOf(NEW_GROUP)).containsExactly("user-alice");
    }

    @Test
    void aGroupCreationTheDirectoryRefusedIsRecordedWithItsReasonAndCode() {
        String duplicate = "Another object with the same value for property mailNickname already exists.";
        directory.conflictOnNext("createGroup", InMemoryDirectory.CONFLICT_CODE, duplicate);

        fixture.givenNoPriorActivity()
                .whenPublishingA(newGroupRequested(List.of(ALICE)))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_GROUP, duplicate, InMemoryDirectory.CONFLICT_CODE))
                .expectNoScheduledDeadlines();

        assertThat(directory.group(NEW_GROUP)).isEmpty();
        assertThat(directory.callsOf("addGroupMember")).isZero();
    }

    // --- renaming a group -------------------------------------------------------------------------------------

    @Test
    void aGroupTheSagaCreatedIsRenamedInTheDirectory() {
        fixture.givenAPublished(newGroupRequested(List.of(ALICE)))
                .whenPublishingA(groupRenamed("Release managers"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RENAME_GROUP, NEW_GROUP))
                .expectNoScheduledDeadlines();

        assertThat(directory.group(NEW_GROUP)).map(DirectoryObject::displayName).contains("Release managers");
        assertThat(directory.callsOf("renameGroup")).isEqualTo(1);
    }

    @Test
    void anExistingGroupThatBecameAMemberIsRenamedInTheDirectory() {
        fixture.givenAPublished(groupAdded(developers, "Developers"))
                .whenPublishingA(groupRenamed("Engineers"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(RENAME_GROUP, developers));

        assertThat(directory.group(developers)).map(DirectoryObject::displayName).contains("Engineers");
        assertThat(directory.group(marketers)).map(DirectoryObject::displayName).contains("Marketers");
    }

    @Test
    void aRenameMadeWhileTheCreationWaitsIsPushedAfterIt() {
        directory.beUnavailableForNext("createGroup", 1);

        fixture.givenAPublished(newGroupRequested(List.of(ALICE)))
                .andThenAPublished(groupRenamed("Release managers"))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(CREATE_GROUP, NEW_GROUP), synced(RENAME_GROUP, NEW_GROUP))
                .expectScheduledDeadlineWithName(LATE_WRITE_WINDOW, LATE_WRITES);

        assertThat(directory.group(NEW_GROUP)).map(DirectoryObject::displayName).contains("Release managers");
    }

    @Test
    void aRenameOfAGroupGoneFromTheDirectoryIsRecordedAsAFailure() {
        fixture.givenAPublished(groupAdded("group-99", "Gone team"))
                .whenPublishingA(groupRenamed("Still gone"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(RENAME_GROUP, "Resource 'group-99' does not exist or one of its "
                        + "queried reference-property objects are not present.", "Request_ResourceNotFound"))
                .expectNoScheduledDeadlines();
    }

    // --- a new application ------------------------------------------------------------------------------------

    @Test
    void aNewApplicationIsCreatedItsServicePrincipalEnsuredAndItsObjectIdAndAppIdRecorded() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(newApplicationRequested())
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("memberId", MEMBER)
                .expectDispatchedCommands(applicationCreated("app-object-1", "app-id-1"))
                .expectNoScheduledDeadlines();

        Application made = directory.application("app-object-1").orElseThrow();
        assertThat(made.displayName()).isEqualTo("Build pipeline");
        assertThat(made.replyUrl()).isEqualTo(REPLY_URL);
        assertThat(made.appIdUri()).isEqualTo(APP_ID_URI);
        assertThat(directory.servicePrincipals()).containsExactly("app-id-1");
        // a first try creates straight away: an application found under the URI now would be somebody else's
        assertThat(directory.calls()).containsExactly("createApplication", "ensureServicePrincipal");
    }

    @Test
    void aDuplicateAppIdUriIsRecordedAsAFailureWithTheDirectorysMessage() {
        Application someoneElses = directory.addApplication(TENANT, "Someone else's API", "https://else.example",
                APP_ID_URI);

        fixture.givenNoPriorActivity()
                .whenPublishingA(newApplicationRequested())
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_APPLICATION, InMemoryDirectory.DUPLICATE_IDENTIFIER_URI,
                        InMemoryDirectory.CONFLICT_CODE))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);

        assertThat(directory.applications()).containsExactly(someoneElses);
        assertThat(directory.servicePrincipals()).isEmpty();
    }

    @Test
    void anApplicationCreationThatTimedOutAfterSucceedingIsFoundByItsAppIdUriAndNotMadeTwice() {
        directory.timeOutAfterNextCallOf("createApplication");

        fixture.givenAPublished(newApplicationRequested())
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(applicationCreated("app-object-1", "app-id-1"))
                .expectScheduledDeadlineWithName(LATE_WRITE_WINDOW, LATE_WRITES);

        assertThat(directory.applications()).hasSize(1);
        assertThat(directory.servicePrincipals()).containsExactly("app-id-1");
        assertThat(directory.calls()).containsExactly("createApplication", "findApplicationsByTag",
                "ensureServicePrincipal");
    }

    @Test
    void aServicePrincipalTheDirectoryCouldNotMakeIsAskedForAgainWithoutASecondApplication() {
        directory.beUnavailableForNext("ensureServicePrincipal", 1);

        fixture.givenAPublished(newApplicationRequested())
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(applicationCreated("app-object-1", "app-id-1"))
                .expectScheduledDeadlineWithName(LATE_WRITE_WINDOW, LATE_WRITES);

        assertThat(directory.applications()).hasSize(1);
        assertThat(directory.servicePrincipals()).containsExactly("app-id-1");
    }

    /**
     * BUG (DirectorySyncSaga / DirectoryPushes.createApplication): the first try was refused because another
     * application holds the App ID URI. {@code creationTried} is set by any try, refused or not, so the
     * Manager's retry counts as "tried before" and looks the URI up: it finds the application the directory
     * just named as the conflict and adopts it (service principal, DirectorySynced with its object id and
     * appId). Later keys would then be added to somebody else's application.
     */
    @Test
    void aManagersRetryAfterADuplicateAppIdUriDoesNotAdoptTheApplicationThatHoldsIt() {
        Application someoneElses = directory.addApplication(TENANT, "Someone else's API", "https://else.example",
                APP_ID_URI);

        fixture.givenAPublished(newApplicationRequested())
                .whenPublishingA(directorySyncRetried(CREATE_APPLICATION, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_APPLICATION, InMemoryDirectory.DUPLICATE_IDENTIFIER_URI,
                        InMemoryDirectory.CONFLICT_CODE));

        assertThat(directory.servicePrincipals()).doesNotContain(someoneElses.appId());
    }

    /**
     * BUG: the Manager fixes a refused creation by changing the App ID URI, then retries. The saga retries the
     * creation as first requested (old URI), finds and adopts the application holding that URI (see above),
     * then pushes the URL change to it: somebody else's application gets the new URI.
     */
    @Test
    void theRetriedCreationUsesTheAppIdUriChangedAfterTheFailureAndLeavesTheOtherApplicationAlone() {
        Application someoneElses = directory.addApplication(TENANT, "Someone else's API", "https://else.example",
                APP_ID_URI);

        fixture.givenAPublished(newApplicationRequested())
                .andThenAPublished(applicationUrlsChanged(null, NEW_APP_ID_URI))
                .whenPublishingA(directorySyncRetried(CREATE_APPLICATION, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommandsMatching(payloadsSatisfying(commands -> {
                    assertThat(commands).isNotEmpty();
                    assertThat(commands.get(0)).isEqualTo(applicationCreated("app-object-2", "app-id-2"));
                }));

        assertThat(directory.application(someoneElses.objectId())).contains(someoneElses);
        Application made = directory.application("app-object-2").orElseThrow();
        assertThat(made.appIdUri()).isEqualTo(NEW_APP_ID_URI);
        assertThat(made.replyUrl()).isEqualTo(REPLY_URL);
    }

    /**
     * BUG, the same cause on the user path (kept here beside the application case it was found with): the
     * first try of a new user was refused because a stranger has the username; the Manager's retry looks the
     * username up, adopts the stranger, gives it the new temporary password shown to the Manager, makes it
     * Global Administrator and puts it in the requested groups.
     */
    @Test
    void aManagersRetryAfterADuplicateUsernameDoesNotAdoptTheStrangerWhoHoldsIt() {
        directory.addUser(TENANT, "someone-else", "Ada", "Other", ADA_UPN, "her-own-password");
        secrets.holds(NEW_CREDENTIALS, NEW_PASSWORD);

        fixture.givenAPublished(newUserRequested(true, List.of(developersGroup())))
                .whenPublishingA(directorySyncRetried(CREATE_USER,
                        NEW_CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(CREATE_USER,
                        InMemoryDirectory.DUPLICATE_UPN, InMemoryDirectory.CONFLICT_CODE));

        assertThat(directory.user("someone-else").orElseThrow().password).isEqualTo("her-own-password");
        assertThat(directory.globalAdministrators()).doesNotContain("someone-else");
        assertThat(directory.membersOf(developers)).doesNotContain("someone-else");
        assertThat(secrets.isReady(NEW_CREDENTIALS)).isFalse();
    }

    // --- changing an application's URLs -----------------------------------------------------------------------

    @Test
    void aChangedReplyUrlIsWrittenToTheApplicationAndTheAppIdUriLeftAlone() {
        fixture.givenAPublished(newApplicationRequested())
                .whenPublishingA(applicationUrlsChanged(NEW_REPLY_URL, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_APPLICATION, "app-object-1"))
                .expectNoScheduledDeadlines();

        Application changed = directory.application("app-object-1").orElseThrow();
        assertThat(changed.replyUrl()).isEqualTo(NEW_REPLY_URL);
        assertThat(changed.appIdUri()).isEqualTo(APP_ID_URI);
        assertThat(directory.callsOf("updateApplication")).isEqualTo(1);
    }

    @Test
    void bothUrlsOfAnExistingApplicationAreWritten() {
        Application existing = existingApplication();

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(applicationUrlsChanged(NEW_REPLY_URL, NEW_APP_ID_URI))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_APPLICATION, existing.objectId()));

        Application changed = directory.application(existing.objectId()).orElseThrow();
        assertThat(changed.replyUrl()).isEqualTo(NEW_REPLY_URL);
        assertThat(changed.appIdUri()).isEqualTo(NEW_APP_ID_URI);
    }

    @Test
    void anAppIdUriAnotherApplicationHoldsIsRecordedAsAFailureAndTheNextPushStillGoesThrough() {
        Application existing = existingApplication();
        directory.addApplication(TENANT, "Someone else's API", "https://else.example", NEW_APP_ID_URI);

        fixture.givenAPublished(applicationAdded(existing))
                .andThenAPublished(applicationUrlsChanged(null, NEW_APP_ID_URI))
                .whenPublishingA(applicationUrlsChanged(NEW_REPLY_URL, null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(UPDATE_APPLICATION, existing.objectId()));

        Application changed = directory.application(existing.objectId()).orElseThrow();
        assertThat(changed.appIdUri()).isEqualTo("api://old.contoso.example");
        assertThat(changed.replyUrl()).isEqualTo(NEW_REPLY_URL);
    }

    @Test
    void aRefusedUrlChangeIsRecordedWithTheDirectorysMessage() {
        Application existing = existingApplication();
        directory.addApplication(TENANT, "Someone else's API", "https://else.example", NEW_APP_ID_URI);

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(applicationUrlsChanged(null, NEW_APP_ID_URI))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(UPDATE_APPLICATION, InMemoryDirectory.DUPLICATE_IDENTIFIER_URI,
                        InMemoryDirectory.CONFLICT_CODE))
                .expectNoScheduledDeadlines();
    }

    // --- keys -------------------------------------------------------------------------------------------------

    @Test
    void aRequestedKeyIsMadeItsSecretGoesToTheOneTimeStoreAndOnlyItsIdHintAndDatesAreRecorded() {
        Application existing = existingApplication();

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRequested(KEY_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(keyAdded("key-1", "Kx1", InMemoryDirectory.NOW, KEY_EXPIRES))
                .expectNoScheduledDeadlines();

        InMemoryDirectory.Key key = directory.keyListOf(existing.objectId()).get(0);
        assertThat(directory.keyListOf(existing.objectId())).hasSize(1);
        assertThat(key.displayName()).as("named after its request").isEqualTo("Partner Center " + KEY_REQUEST);
        assertThat(key.expiresAt()).isEqualTo(KEY_EXPIRES);
        assertThat(secrets.isFilled(KEY_CREDENTIALS)).isTrue();
        assertThat(secrets.held(KEY_CREDENTIALS)).contains(key.secretText());
        assertThat(secrets.isReady(KEY_CREDENTIALS)).isTrue();
        assertThat(secrets.shownWith(KEY_CREDENTIALS)).isEqualTo(Map.of("clientId", existing.appId(),
                "keyId", "key-1", "createdAt", InMemoryDirectory.NOW.toString(), "expiresAt", KEY_EXPIRES.toString()));
    }

    @Test
    void theRecordedKeyCarriesNoSecret() {
        Application existing = existingApplication();

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRequested(KEY_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommandsMatching(payloadsSatisfying(commands -> {
                    String secret = directory.keyListOf(existing.objectId()).get(0).secretText();
                    assertThat(commands).hasSize(1).allSatisfy(command -> {
                        assertThat(command).isInstanceOf(RecordKeyAdded.class);
                        assertThat(Arrays.stream(command.getClass().getRecordComponents())
                                .map(RecordComponent::getName)).doesNotContain("secret", "secretText", "key");
                        assertThat(command.toString()).doesNotContain(secret);
                    });
                }));
    }

    @Test
    void aKeyWithoutAnExpiryGetsTheDirectorysDefaultAndThatIsRecorded() {
        Application existing = existingApplication();
        Instant twoYears = InMemoryDirectory.NOW.plus(InMemoryDirectory.DEFAULT_KEY_LIFETIME);

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRequested(null))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(keyAdded("key-1", "Kx1", InMemoryDirectory.NOW, twoYears));

        assertThat(secrets.shownWith(KEY_CREDENTIALS)).containsEntry("expiresAt", twoYears.toString());
    }

    @Test
    void aKeyForAnApplicationTheSagaCreatedIsAddedToThatApplication() {
        fixture.givenAPublished(newApplicationRequested())
                .whenPublishingA(keyRequested(KEY_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(keyAdded("key-1", "Kx1", InMemoryDirectory.NOW, KEY_EXPIRES));

        assertThat(directory.keyListOf("app-object-1")).extracting(InMemoryDirectory.Key::keyId)
                .containsExactly("key-1");
        assertThat(secrets.shownWith(KEY_CREDENTIALS)).containsEntry("clientId", "app-id-1");
    }

    @Test
    void aThrottledKeyIsMadeOnceTheRetryAfterHasPassed() {
        Application existing = existingApplication();
        directory.throttleNext("addKey", 1, Duration.ofSeconds(7));

        fixture.givenAPublished(applicationAdded(existing))
                .andThenAPublished(keyRequested(KEY_EXPIRES))
                .whenTimeElapses(Duration.ofSeconds(7))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(keyAdded("key-1", "Kx1", InMemoryDirectory.NOW, KEY_EXPIRES))
                .expectNoScheduledDeadlines();

        assertThat(directory.keyListOf(existing.objectId())).hasSize(1);
        assertThat(secrets.isFilled(KEY_CREDENTIALS)).isTrue();
    }

    @Test
    void aKeyForAnApplicationGoneFromTheDirectoryIsRecordedAsAFailureAndNothingIsFilled() {
        Application gone = new Application("app-object-99", "app-id-99", "Gone pipeline", null, null);

        fixture.givenAPublished(applicationAdded(gone))
                .whenPublishingA(keyRequested(KEY_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(ADD_KEY, "Resource 'app-object-99' does not exist or one of its "
                        + "queried reference-property objects are not present.", "Request_ResourceNotFound"))
                .expectNoScheduledDeadlines();

        assertThat(secrets.isFilled(KEY_CREDENTIALS)).isFalse();
        assertThat(secrets.isReady(KEY_CREDENTIALS)).isFalse();
    }

    @Test
    void aRemovedKeyIsRemovedFromTheDirectory() {
        Application existing = existingApplication();
        directory.addKeyTo(existing.objectId(), "key-old");
        directory.addKeyTo(existing.objectId(), "key-kept");

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRemoved("key-old"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(REMOVE_KEY, existing.objectId()))
                .expectNoScheduledDeadlines();

        assertThat(directory.keysOf(existing.objectId())).containsOnlyKeys("key-kept");
    }

    @Test
    void aKeyAlreadyGoneFromTheDirectoryCountsAsRemoved() {
        Application existing = existingApplication();

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRemoved("key-gone"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(REMOVE_KEY, existing.objectId()))
                .expectNoScheduledDeadlines();

        assertThat(directory.callsOf("removeKey")).isEqualTo(1);
    }

    @Test
    void aKeyMadeThroughTheSagaIsRemovedThroughIt() {
        Application existing = existingApplication();

        fixture.givenAPublished(applicationAdded(existing))
                .andThenAPublished(keyRequested(KEY_EXPIRES))
                .whenPublishingA(keyRemoved("key-1"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(synced(REMOVE_KEY, existing.objectId()));

        assertThat(directory.keysOf(existing.objectId())).isEmpty();
    }

    @Test
    void aKeyRemovalTheDirectoryRefusedIsRecordedAsAFailureAndTheKeyStays() {
        Application existing = existingApplication();
        directory.addKeyTo(existing.objectId(), "key-old");
        directory.failNextCalls("removeKey", 1, () -> new DirectoryException(Reason.FORBIDDEN,
                "Authorization_RequestDenied", NO_RIGHTS));

        fixture.givenAPublished(applicationAdded(existing))
                .whenPublishingA(keyRemoved("key-old"))
                .expectSuccessfulHandlerExecution()
                .expectDispatchedCommands(failed(REMOVE_KEY, NO_RIGHTS, "Authorization_RequestDenied"))
                .expectNoScheduledDeadlines();

        assertThat(directory.keysOf(existing.objectId())).containsOnlyKeys("key-old");
    }

    @Test
    void aKeyRemovalTheDirectoryCouldNotTakeIsTriedAgain() {
        Application existing = existingApplication();
        directory.addKeyTo(existing.objectId(), "key-old");
        directory.beUnavailableForNext("removeKey", 1);

        fixture.givenAPublished(applicationAdded(existing))
                .andThenAPublished(keyRemoved("key-old"))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectSuccessfulHandlerExecution()
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(synced(REMOVE_KEY, existing.objectId()))
                .expectNoScheduledDeadlines();

        assertThat(directory.keysOf(existing.objectId())).isEmpty();
    }
}
