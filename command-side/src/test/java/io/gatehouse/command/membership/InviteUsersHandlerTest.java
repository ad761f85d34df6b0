package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.membership.MembershipCommands.InviteUsers;
import io.gatehouse.membership.MembershipCommands.NewInvitation;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Inviting outside users: one invited member per address, and either all are invited or none is. */
class InviteUsersHandlerTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final String OTHER_TENANT = "22222222-2222-4222-8222-222222222222";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access MARKETER = Access.ofRoles(Role.MARKETER);

    private static final NewInvitation GRACE = new NewInvitation("a0000000-0000-4000-8000-000000000001",
            "f0000000-0000-4000-8000-000000000001", "grace@fabrikam.example");
    private static final NewInvitation HEDY = new NewInvitation("a0000000-0000-4000-8000-000000000002",
            "f0000000-0000-4000-8000-000000000002", "hedy@fabrikam.example");
    private static final NewInvitation KATHERINE = new NewInvitation("a0000000-0000-4000-8000-000000000003",
            "f0000000-0000-4000-8000-000000000003", "Katherine.Johnson@Nasa.example");

    private static UserInvited invited(NewInvitation invitation, Access access) {
        return new UserInvited(ACCOUNT, invitation.memberId(), invitation.invitationId(), TENANT, invitation.email(),
                access, MANAGER);
    }

    // the fixture records one aggregate's events only: the fixture checks the refusals and a single invitation,
    // Axon's own command bus and in-memory event store check several (as AddMembersHandlerTest does)

    private final InMemoryCommandLookups lookups = new InMemoryCommandLookups();
    private AggregateTestFixture<Membership> fixture;

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
    private final List<List<? extends EventMessage<?>>> commits = new ArrayList<>();
    private CommandGateway commands;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
        fixture.registerAnnotatedCommandHandler(new InviteUsersHandler(fixture.getRepository(), lookups));

        eventStore.subscribe(commits::add);
        EventSourcingRepository<Membership> repository = EventSourcingRepository.builder(Membership.class)
                .eventStore(eventStore)
                .build();
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new InviteUsersHandler(repository, lookups)).subscribe(commandBus);
        commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @AfterEach
    void tearDown() {
        eventStore.shutDown();
    }

    private List<Object> everythingStored() {
        return storage.readEvents(null, false).<Object>map(EventMessage::getPayload).toList();
    }

    @Test
    void anInvitedAddressBecomesAnInvitedMemberWithTheAccessAndTheActor() {
        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE), MARKETER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(invited(GRACE, MARKETER))
                .expectNotMarkedDeleted();
    }

    @Test
    void theLookupIsAskedAboutEveryAddressInTheAccountsTenant() {
        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE), MARKETER, MANAGER))
                .expectSuccessfulHandlerExecution();

        assertThat(lookups.pendingAsked).containsExactly(List.of(ACCOUNT, TENANT, List.of(GRACE.email())));
    }

    @Test
    void aPendingInvitationForOneAddressRefusesAllAndNamesThatAddressByItsPosition() {
        lookups.pendingInvitation(ACCOUNT, TENANT, HEDY.email());

        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE, HEDY, KATHERINE), MARKETER, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "already-invited", rejection -> {
                    assertThat(rejection.errors()).containsExactly(new FieldError("emails[1]",
                            HEDY.email() + " has a pending invitation already; resend it instead"));
                    assertThat(rejection.getMessage())
                            .isEqualTo("Some addresses have pending invitations; none was invited.");
                }));
    }

    @Test
    void aPendingInvitationIsFoundWhateverTheCaseOfTheAddress() {
        lookups.pendingInvitation(ACCOUNT, TENANT, "katherine.johnson@nasa.example");
        lookups.pendingInvitation(ACCOUNT, TENANT, "GRACE@FABRIKAM.EXAMPLE");

        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE, HEDY, KATHERINE), MARKETER, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "already-invited", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field)
                                .containsExactly("emails[0]", "emails[2]")));
    }

    @Test
    void anInvitationPendingInAnotherTenantDoesNotStandInTheWay() {
        lookups.pendingInvitation(ACCOUNT, OTHER_TENANT, GRACE.email());

        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE), MARKETER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(invited(GRACE, MARKETER));
    }

    @Test
    void invalidAccessInvitesNobody() {
        Access coffee = Access.ofPermissions(new CustomPermissions(Map.of("coffee", PermissionLevel.READ), Map.of()));

        fixture.givenNoPriorActivity()
                .when(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE), coffee, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field)
                                .containsExactly("access.permissions.account.coffee")));
    }

    // several in one command

    @Test
    void threeAddressesMakeThreeInvitedMembersEachAStreamOfItsOwnInOneUnitOfWork() {
        commands.sendAndWait(new InviteUsers(ACCOUNT, TENANT, List.of(GRACE, HEDY, KATHERINE), MARKETER, MANAGER));

        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).stream().<Object>map(EventMessage::getPayload).toList()).containsExactly(
                invited(GRACE, MARKETER), invited(HEDY, MARKETER), invited(KATHERINE, MARKETER));
        assertThat(commits.get(0)).allSatisfy(event -> {
            DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
            assertThat(domainEvent.getType()).isEqualTo("Membership");
            assertThat(domainEvent.getSequenceNumber()).isZero();
            assertThat(domainEvent.getAggregateIdentifier())
                    .isEqualTo(((UserInvited) domainEvent.getPayload()).memberId());
        });
    }

    @Test
    void whenOneAddressHasAPendingInvitationNothingIsStored() {
        lookups.pendingInvitation(ACCOUNT, TENANT, KATHERINE.email());

        Rejection rejection = catchThrowableOfType(Rejection.class, () -> commands.sendAndWait(
                new InviteUsers(ACCOUNT, TENANT, List.of(GRACE, HEDY, KATHERINE), MARKETER, MANAGER)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(rejection.problemType()).isEqualTo("already-invited");
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("emails[2]");
        assertThat(commits).isEmpty();
        assertThat(everythingStored()).isEmpty();
    }
}
