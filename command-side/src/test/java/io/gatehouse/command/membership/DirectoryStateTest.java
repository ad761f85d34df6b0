package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.DirectoryObjectChanged;
import io.gatehouse.membership.DirectoryObjectDeleted;
import io.gatehouse.membership.DirectoryObjectDisabled;
import io.gatehouse.membership.ExternalKeyAdded;
import io.gatehouse.membership.ExternalKeyRemoved;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.MembershipCommands.DirectoryKey;
import io.gatehouse.membership.MembershipCommands.RecordDirectoryState;
import io.gatehouse.membership.MembershipCommands.RemoveKey;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.messaging.Actor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/**
 * What the directory holds for a member's object, read back by directory sync: the member records only what differs
 * from what it knows, attributed to the directory, and a key made outside Gatehouse can be removed through it.
 */
class DirectoryStateTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String USER_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final String APP_OBJECT = "ffffffff-0000-4000-8000-00000000000f";
    private static final String KEY = "9e000000-0000-4000-8000-000000000001";
    private static final String OUR_KEY = "9e000000-0000-4000-8000-000000000002";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    private static final GroupRef RELEASE = new GroupRef("a0000000-0000-4000-8000-000000000001",
            "e0000000-0000-4000-8000-000000000001");

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    private static UserAdded adaAdded() {
        return new UserAdded(ACCOUNT, MEMBER, TENANT, USER_OBJECT, "Ada Lovelace", "Ada", "Lovelace",
                "ada@contoso.com", null, DEVELOPER, MANAGER);
    }

    private static ApplicationAdded pipelineAdded() {
        return new ApplicationAdded(ACCOUNT, MEMBER, TENANT, APP_OBJECT, "Build pipeline", "client-1", DEVELOPER,
                MANAGER);
    }

    private static RecordDirectoryState user(String displayName, String givenName, String surname, String upn,
                                             Boolean enabled) {
        return new RecordDirectoryState(MEMBER, ACCOUNT, displayName, givenName, surname, upn, null, null, null, null,
                enabled, false);
    }

    @Test
    void aUserRenamedInTheDirectoryRecordsOnlyTheFieldsThatChangedAttributedToTheDirectory() {
        fixture.given(adaAdded())
                .when(user("Ada King", "Ada", "King", "ada@contoso.com", true))
                .expectEvents(new DirectoryObjectChanged(ACCOUNT, MEMBER, "Ada King", null, "King", null, null, null,
                        null, Actor.DIRECTORY));
    }

    @Test
    void theSameValuesAgainRecordNothing() {
        fixture.given(adaAdded(), new DirectoryObjectChanged(ACCOUNT, MEMBER, "Ada King", null, "King", null, null,
                        null, null, Actor.DIRECTORY))
                .when(user("Ada King", "Ada", "King", "ada@contoso.com", true))
                .expectNoEvents();
    }

    @Test
    void anAddedUsersCurrentGroupsAreRecordedOnce() {
        fixture.given(adaAdded())
                .when(new RecordDirectoryState(MEMBER, ACCOUNT, null, null, null, null, null, null, List.of(RELEASE),
                        null, null, false))
                .expectEvents(new DirectoryObjectChanged(ACCOUNT, MEMBER, null, null, null, null, null, null,
                        List.of(RELEASE), Actor.DIRECTORY));
    }

    @Test
    void aDisabledAccountIsRecordedAndSoIsItsEnablingAgain() {
        fixture.given(adaAdded())
                .when(user(null, null, null, null, false))
                .expectEvents(new DirectoryObjectDisabled(ACCOUNT, MEMBER, true, Actor.DIRECTORY));
        fixture.given(adaAdded(), new DirectoryObjectDisabled(ACCOUNT, MEMBER, true, Actor.DIRECTORY))
                .when(user(null, null, null, null, true))
                .expectEvents(new DirectoryObjectDisabled(ACCOUNT, MEMBER, false, Actor.DIRECTORY));
    }

    @Test
    void aDeletedObjectIsRecordedOnceAndNothingAfterIt() {
        fixture.given(adaAdded())
                .when(new RecordDirectoryState(MEMBER, ACCOUNT, null, null, null, null, null, null, null, null, null,
                        true))
                .expectEvents(new DirectoryObjectDeleted(ACCOUNT, MEMBER, Actor.DIRECTORY));
        fixture.given(adaAdded(), new DirectoryObjectDeleted(ACCOUNT, MEMBER, Actor.DIRECTORY))
                .when(user("Someone Else", null, null, null, true))
                .expectNoEvents();
    }

    @Test
    void aMemberTheDirectoryHasNotMadeYetIgnoresWhatIsRead() {
        fixture.given(new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace",
                        "ada@contoso.com", false, null, List.of(), DEVELOPER, "c7ed0000-0000-4000-8000-0000000000a1",
                        MANAGER))
                .when(user("Ada King", "Ada", "King", "ada@contoso.com", true))
                .expectNoEvents();
    }

    @Test
    void anAddedApplicationGetsItsUrlsAndTheKeysMadeOutsideGatehouse() {
        fixture.given(pipelineAdded(), new KeyAdded(ACCOUNT, MEMBER, "4e900000-0000-4000-8000-000000000001", OUR_KEY,
                        "Our", CREATED, EXPIRES, Actor.DIRECTORY_SYNC))
                .when(new RecordDirectoryState(MEMBER, ACCOUNT, "Build pipeline", null, null, null,
                        "https://build.contoso.com/signin", "api://build", null,
                        List.of(new DirectoryKey(KEY, "Kx1", CREATED, EXPIRES),
                                new DirectoryKey(OUR_KEY, "Our", CREATED, EXPIRES)), null, false))
                .expectEvents(new DirectoryObjectChanged(ACCOUNT, MEMBER, null, null, null, null,
                                "https://build.contoso.com/signin", "api://build", null, Actor.DIRECTORY),
                        new ExternalKeyAdded(ACCOUNT, MEMBER, KEY, "Kx1", CREATED, EXPIRES, Actor.DIRECTORY));
    }

    @Test
    void aKeyGoneFromTheDirectoryIsRecordedAsRemovedThere() {
        fixture.given(pipelineAdded(), new ExternalKeyAdded(ACCOUNT, MEMBER, KEY, "Kx1", CREATED, EXPIRES,
                        Actor.DIRECTORY))
                .when(new RecordDirectoryState(MEMBER, ACCOUNT, null, null, null, null, null, null, null, List.of(),
                        null, false))
                .expectEvents(new ExternalKeyRemoved(ACCOUNT, MEMBER, KEY, Actor.DIRECTORY));
    }

    @Test
    void aKeyMadeOutsideGatehouseCanBeRemovedThroughIt() {
        fixture.given(pipelineAdded(), new ExternalKeyAdded(ACCOUNT, MEMBER, KEY, "Kx1", CREATED, EXPIRES,
                        Actor.DIRECTORY))
                .when(new RemoveKey(MEMBER, ACCOUNT, KEY, MANAGER))
                .expectEvents(new KeyRemoved(ACCOUNT, MEMBER, KEY, MANAGER));
    }
}
