package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.MembershipCommands.CreateNewApplication;
import io.gatehouse.membership.MembershipCommands.CreateNewGroup;
import io.gatehouse.membership.MembershipCommands.CreateNewUser;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserRef;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** Members whose directory object Gatehouse makes: a new user, a new group, a new application. */
class NewDirectoryObjectsTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String MEMBER = "cccccccc-0000-4000-8000-00000000000c";
    private static final String CREDENTIALS = "c7ed0000-0000-4000-8000-000000000001";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");

    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    private static final Access COFFEE = Access.ofPermissions(
            new CustomPermissions(Map.of("coffee", PermissionLevel.READ), Map.of()));
    private static final GroupRef DEVELOPERS = new GroupRef("a0000000-0000-4000-8000-0000000000d1",
            "d0000000-0000-4000-8000-0000000000d1");
    private static final UserRef ALICE = new UserRef("a0000000-0000-4000-8000-000000000001",
            "d0000000-0000-4000-8000-000000000001");
    private static final UserRef BOB = new UserRef("a0000000-0000-4000-8000-000000000002",
            "d0000000-0000-4000-8000-000000000002");

    private AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
    }

    // CreateNewUser

    @Test
    void aNewUserIsRequestedWithADisplayNameMadeOfTheFirstAndLastName() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewUser(MEMBER, ACCOUNT, TENANT, "Ada", "Lovelace", "ada@contoso.onmicrosoft.com",
                        true, "ada@lovelace.example", List.of(DEVELOPERS), DEVELOPER, CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Ada", "Lovelace", "Ada Lovelace",
                        "ada@contoso.onmicrosoft.com", true, "ada@lovelace.example", List.of(DEVELOPERS), DEVELOPER,
                        CREDENTIALS, MANAGER))
                .expectNotMarkedDeleted();
    }

    @Test
    void aNewUserWithoutALastNameIsDisplayedByTheFirstNameAlone() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewUser(MEMBER, ACCOUNT, TENANT, "Cher", null, "cher@contoso.onmicrosoft.com",
                        false, null, List.of(), DEVELOPER, CREDENTIALS, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NewUserRequested(ACCOUNT, MEMBER, TENANT, "Cher", null, "Cher",
                        "cher@contoso.onmicrosoft.com", false, null, List.of(), DEVELOPER, CREDENTIALS, MANAGER));
    }

    @Test
    void aNewUserWithInvalidAccessIsRefusedAndNothingIsRequested() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewUser(MEMBER, ACCOUNT, TENANT, "Ada", "Lovelace", "ada@contoso.onmicrosoft.com",
                        false, null, List.of(), COFFEE, CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field)
                                .containsExactly("access.permissions.account.coffee")));
    }

    @Test
    void aNewUserWithoutAnyAccessIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewUser(MEMBER, ACCOUNT, TENANT, "Ada", "Lovelace", "ada@contoso.onmicrosoft.com",
                        false, null, List.of(), Access.NONE, CREDENTIALS, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation"));
    }

    // CreateNewGroup

    @Test
    void aNewGroupIsRequestedWithItsMailNicknameAndItsMembers() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewGroup(MEMBER, ACCOUNT, TENANT, "Release team", "releaseteam", List.of(ALICE, BOB),
                        DEVELOPER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NewGroupRequested(ACCOUNT, MEMBER, TENANT, "Release team", "releaseteam",
                        List.of(ALICE, BOB), DEVELOPER, MANAGER));
    }

    @Test
    void aNewGroupWithInvalidAccessIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewGroup(MEMBER, ACCOUNT, TENANT, "Release team", "releaseteam", List.of(ALICE),
                        COFFEE, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation"));
    }

    // CreateNewApplication

    @Test
    void aNewApplicationIsRequestedWithItsReplyUrlAndAppIdUri() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewApplication(MEMBER, ACCOUNT, TENANT, "Build pipeline",
                        "https://build.contoso.example/signin", "api://build.contoso.example", DEVELOPER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NewApplicationRequested(ACCOUNT, MEMBER, TENANT, "Build pipeline",
                        "https://build.contoso.example/signin", "api://build.contoso.example", DEVELOPER, MANAGER));
    }

    @Test
    void aNewApplicationWithInvalidAccessIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateNewApplication(MEMBER, ACCOUNT, TENANT, "Build pipeline",
                        "https://build.contoso.example/signin", "api://build.contoso.example", Access.ofRoles(),
                        MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("access.roles")));
    }
}
