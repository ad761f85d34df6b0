package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.EditUser;
import io.gatehouse.membership.MembershipCommands.ResendInvitation;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.GatehouseSerializer;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.messaging.privacy.Subject;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member whose person was erased: its stream reads "[erased]" where names, username and e-mail were, and the
 * aggregate goes on deciding on it (access changes, edits, resends) from what it still knows: ids and access.
 */
class ErasedMemberTest {

    private static final String ERASED = PersonalDataProtection.ERASED;
    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String USER_OBJECT = "dddddddd-0000-4000-8000-00000000000d";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);

    /** Stores and reads back through the event serializer, every key destroyed: the stream after an erasure. */
    private static final GatehouseSerializer AFTER_ERASURE = GatehouseSerializer.create(new PersonalDataProtection() {
        @Override
        public Sealed seal(Subject subject, String plaintext) {
            return new Sealed(subject.name(), plaintext.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String open(Sealed sealed) {
            return null;
        }
    });

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T erased(T event) {
        return (T) AFTER_ERASURE.deserialize(AFTER_ERASURE.serialize(event, byte[].class));
    }

    private static UserAdded adaAdded() {
        return erased(new UserAdded(ACCOUNT, MEMBER, TENANT, USER_OBJECT, "Ada Lovelace", "Ada", "Lovelace",
                "ada@contoso.example", "ada@contoso.example", DEVELOPER, MANAGER));
    }

    @Test
    void theStreamReadsThePlaceholderWhereThePersonsDataWas() {
        UserAdded added = adaAdded();

        assertThat(List.of(added.displayName(), added.firstName(), added.lastName(), added.username(), added.email(),
                added.actor().name())).containsOnly(ERASED);
        assertThat(List.of(added.memberId(), added.directoryObjectId(), added.actor().oid()))
                .containsExactly(MEMBER, USER_OBJECT, MANAGER.oid());
        NewUserRequested requested = erased(new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace",
                "Ada Lovelace", "ada@contoso.example", false, "ada@example.org", List.of(), DEVELOPER, "cred-1",
                MANAGER));
        assertThat(List.of(requested.firstName(), requested.lastName(), requested.displayName(), requested.username(),
                requested.passwordRecoveryEmail())).containsOnly(ERASED);
    }

    @Test
    void anErasedMembersAccessStillChanges() {
        fixture.given(adaAdded())
                .when(new ChangeAccess(MEMBER, ACCOUNT, Access.ofRoles(Role.MARKETER), null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RoleChanged(ACCOUNT, MEMBER, Access.ofRoles(Role.MARKETER).roles(), DEVELOPER,
                        MANAGER));
    }

    @Test
    void anErasedUserCanBeGivenNamesAgain() {
        fixture.given(adaAdded())
                .when(new EditUser(MEMBER, ACCOUNT, "Augusta", "King", "augusta@contoso.example", null, null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserEdited(ACCOUNT, MEMBER, "Augusta", "King", "Augusta King",
                        "augusta@contoso.example", MANAGER));
    }

    @Test
    void anErasedGuestsPendingInvitationIsStillResent() {
        fixture.given(erased(new UserInvited(ACCOUNT, MEMBER, "f0000000-0000-4000-8000-000000000001", TENANT,
                                "grace@fabrikam.example", DEVELOPER, MANAGER)),
                        new DirectorySynced(ACCOUNT, MEMBER, DirectoryOperation.INVITE, USER_OBJECT, null,
                                Actor.DIRECTORY_SYNC))
                .when(new ResendInvitation(MEMBER, ACCOUNT, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new InvitationResent(ACCOUNT, MEMBER, "f0000000-0000-4000-8000-000000000001", MANAGER));
    }
}
