package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.AddMembers;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.messaging.Rejection.Kind;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gatehouse.command.Satisfying.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Adding existing directory objects: each becomes a member of its own, and either all of them do or none does. */
class AddMembersHandlerTest {

    private static final String ACCOUNT = "7d8f0b1e-0000-4000-8000-000000000001";
    private static final String TENANT = "11111111-1111-4111-8111-111111111111";
    private static final Actor MANAGER = new Actor("bbbbbbbb-0000-4000-8000-00000000000b", "Mark Manager");
    private static final Access DEVELOPER = Access.ofRoles(Role.DEVELOPER);
    private static final Access PAYOUT_READER = Access.ofPermissions(
            new CustomPermissions(Map.of("payout-account", PermissionLevel.READ), Map.of()));
    private static final String PIPELINE_APP_ID = "12345678-aaaa-4bbb-8ccc-1234567890ab";

    private static final NewMember ALICE = user("a0000000-0000-4000-8000-000000000001",
            "d0000000-0000-4000-8000-000000000001", "Alice Archer", "Alice", "Archer", "alice@contoso.example");
    private static final NewMember BOB = user("a0000000-0000-4000-8000-000000000002",
            "d0000000-0000-4000-8000-000000000002", "Bob Baker", "Bob", "Baker", "bob@contoso.example");
    private static final NewMember CAROL = user("a0000000-0000-4000-8000-000000000003",
            "d0000000-0000-4000-8000-000000000003", "Carol Cook", "Carol", "Cook", "carol@contoso.example");
    private static final NewMember RELEASE_TEAM = new NewMember("a0000000-0000-4000-8000-000000000004",
            MemberType.GROUP, "d0000000-0000-4000-8000-000000000004", "Release team", null, null, null, null, null);
    private static final NewMember PIPELINE = new NewMember("a0000000-0000-4000-8000-000000000005",
            MemberType.APPLICATION, "d0000000-0000-4000-8000-000000000005", "Build pipeline", null, null, null, null,
            PIPELINE_APP_ID);

    private static NewMember user(String memberId, String objectId, String name, String first, String last,
                                  String mail) {
        return new NewMember(memberId, MemberType.USER, objectId, name, first, last, mail, mail, null);
    }

    private static UserAdded userAdded(NewMember member, Access access) {
        return new UserAdded(ACCOUNT, member.memberId(), TENANT, member.directoryObjectId(), member.displayName(),
                member.firstName(), member.lastName(), member.username(), member.email(), access, MANAGER);
    }

    private static GroupAdded releaseTeamAdded(Access access) {
        return new GroupAdded(ACCOUNT, RELEASE_TEAM.memberId(), TENANT, RELEASE_TEAM.directoryObjectId(),
                "Release team", access, MANAGER);
    }

    private static ApplicationAdded pipelineAdded(Access access) {
        return new ApplicationAdded(ACCOUNT, PIPELINE.memberId(), TENANT, PIPELINE.directoryObjectId(),
                "Build pipeline", PIPELINE_APP_ID, access, MANAGER);
    }

    // Axon's AggregateTestFixture records the events of a single aggregate only: a second new member in the
    // same command fails there with "Writing events for an unexpected aggregate". So the fixture checks every
    // refusal and the adding of one member; the adding of several runs the handler on Axon's own command bus,
    // event-sourcing repository and (in-memory) event store, as in the application but without Spring and a
    // database.

    private final InMemoryLookups lookups = new InMemoryLookups();
    private AggregateTestFixture<Membership> fixture;

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
    /** What each unit of work published through the real event store, one list per commit. */
    private final List<List<? extends EventMessage<?>>> commits = new ArrayList<>();
    private CommandGateway commands;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Membership.class);
        fixture.registerAnnotatedCommandHandler(new AddMembersHandler(fixture.getRepository(), lookups));

        eventStore.subscribe(commits::add);
        EventSourcingRepository<Membership> repository = EventSourcingRepository.builder(Membership.class)
                .eventStore(eventStore)
                .build();
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new AddMembersHandler(repository, lookups)).subscribe(commandBus);
        commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @AfterEach
    void tearDown() {
        eventStore.shutDown();
    }

    // one member at a time, and every refusal: the test fixture

    @Test
    void anAddedUserCarriesItsDirectoryDetailsTheAccessAndTheActor() {
        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE), DEVELOPER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(userAdded(ALICE, DEVELOPER))
                .expectNotMarkedDeleted();
    }

    @Test
    void anAddedGroupBecomesAGroupMember() {
        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(RELEASE_TEAM), PAYOUT_READER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(releaseTeamAdded(PAYOUT_READER));
    }

    @Test
    void anAddedApplicationBecomesAnApplicationMemberWithItsAppId() {
        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(PIPELINE), PAYOUT_READER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(pipelineAdded(PAYOUT_READER));
    }

    @Test
    void theLookupIsAskedAboutEveryDirectoryObjectForThisAccount() {
        lookups.members.add(PIPELINE.directoryObjectId());

        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, RELEASE_TEAM, PIPELINE), DEVELOPER,
                        MANAGER))
                .expectException(Rejection.class);

        assertThat(lookups.askedAccountId).isEqualTo(ACCOUNT);
        assertThat(lookups.askedObjectIds).containsExactly(ALICE.directoryObjectId(),
                RELEASE_TEAM.directoryObjectId(), PIPELINE.directoryObjectId());
    }

    @Test
    void whenOneOfThemAlreadyIsAMemberNoneIsAddedAndThatOneIsNamedByItsPosition() {
        lookups.members.add(BOB.directoryObjectId());

        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB, CAROL), DEVELOPER, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "already-member", rejection -> {
                    assertThat(rejection.errors()).containsExactly(new FieldError("directoryObjectIds[1]",
                            BOB.directoryObjectId() + " is already a member of this account"));
                    assertThat(rejection.getMessage())
                            .isEqualTo("1 of the directory objects already is a member; none was added.");
                }));
    }

    @Test
    void whenSeveralAlreadyAreMembersEachIsNamedByItsPosition() {
        lookups.members.add(ALICE.directoryObjectId());
        lookups.members.add(PIPELINE.directoryObjectId());

        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB, RELEASE_TEAM, PIPELINE), DEVELOPER,
                        MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "already-member", rejection -> {
                    assertThat(rejection.errors()).extracting(FieldError::field)
                            .containsExactly("directoryObjectIds[0]", "directoryObjectIds[3]");
                    assertThat(rejection.getMessage())
                            .isEqualTo("2 of the directory objects already are members; none was added.");
                }));
    }

    @Test
    void aMemberOfAnotherAccountMayBeAddedToThisOne() {
        lookups.otherAccountMembers.add(ALICE.directoryObjectId());

        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE), DEVELOPER, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(userAdded(ALICE, DEVELOPER));
    }

    @Test
    void invalidAccessAddsNobody() {
        Access coffee = Access.ofPermissions(
                new CustomPermissions(Map.of("coffee", PermissionLevel.READ), Map.of()));

        fixture.givenNoPriorActivity()
                .when(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB), coffee, MANAGER))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "validation", rejection ->
                        assertThat(rejection.errors()).extracting(FieldError::field)
                                .containsExactly("access.permissions.account.coffee")));
    }

    // several members in one command: the real command bus and event store

    private List<Object> streamOf(NewMember member) {
        return eventStore.readEvents(member.memberId()).asStream().<Object>map(EventMessage::getPayload).toList();
    }

    private List<Object> everythingStored() {
        return storage.readEvents(null, false).<Object>map(EventMessage::getPayload).collect(Collectors.toList());
    }

    @Test
    void addingThreeUsersMakesThreeMembersWithTheSameAccessInOneUnitOfWork() {
        commands.sendAndWait(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB, CAROL), DEVELOPER, MANAGER));

        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).stream().<Object>map(EventMessage::getPayload).toList()).containsExactly(
                userAdded(ALICE, DEVELOPER), userAdded(BOB, DEVELOPER), userAdded(CAROL, DEVELOPER));
        assertThat(commits.get(0)).allSatisfy(event -> {
            assertThat(event).isInstanceOf(DomainEventMessage.class);
            DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
            assertThat(domainEvent.getType()).isEqualTo("Membership");
            assertThat(domainEvent.getSequenceNumber()).isZero();
            assertThat(domainEvent.getAggregateIdentifier())
                    .isEqualTo(((UserAdded) domainEvent.getPayload()).memberId());
        });
        // each member is a stream of its own
        assertThat(streamOf(ALICE)).containsExactly(userAdded(ALICE, DEVELOPER));
        assertThat(streamOf(BOB)).containsExactly(userAdded(BOB, DEVELOPER));
        assertThat(streamOf(CAROL)).containsExactly(userAdded(CAROL, DEVELOPER));
    }

    @Test
    void aUserAGroupAndAnApplicationAreAddedEachAsWhatItIs() {
        commands.sendAndWait(new AddMembers(ACCOUNT, TENANT, List.of(ALICE, RELEASE_TEAM, PIPELINE),
                PAYOUT_READER, MANAGER));

        assertThat(everythingStored()).containsExactly(
                userAdded(ALICE, PAYOUT_READER), releaseTeamAdded(PAYOUT_READER), pipelineAdded(PAYOUT_READER));
        assertThat(streamOf(PIPELINE)).containsExactly(pipelineAdded(PAYOUT_READER));
    }

    @Test
    void whenOneOfThemAlreadyIsAMemberNothingIsStoredOrPublished() {
        lookups.members.add(CAROL.directoryObjectId());

        Rejection rejection = catchThrowableOfType(Rejection.class, () -> commands.sendAndWait(
                new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB, CAROL), DEVELOPER, MANAGER)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(rejection.problemType()).isEqualTo("already-member");
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("directoryObjectIds[2]");
        assertThat(commits).isEmpty();
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void whenALaterMemberCannotBeCreatedTheEarlierOnesAreNotStoredEither() {
        NewMember typeless = new NewMember("a0000000-0000-4000-8000-000000000009", null,
                "d0000000-0000-4000-8000-000000000009", "Nobody knows", null, null, null, null, null);

        Throwable failure = catchThrowableOfType(RuntimeException.class, () -> commands.sendAndWait(
                new AddMembers(ACCOUNT, TENANT, List.of(ALICE, BOB, typeless), DEVELOPER, MANAGER)));

        assertThat(failure).isNotNull();
        assertThat(commits).isEmpty();
        assertThat(everythingStored()).isEmpty();
    }

    /** The command side's lookups without a database: which directory objects already are members. */
    private static final class InMemoryLookups extends CommandLookups {

        /** Directory objects that are members of {@link #ACCOUNT}. */
        final Set<String> members = new HashSet<>();
        /** Directory objects that are members of some other account. */
        final Set<String> otherAccountMembers = new HashSet<>();
        String askedAccountId;
        List<String> askedObjectIds;

        InMemoryLookups() {
            super(null);
        }

        @Override
        public Set<String> alreadyMembers(String accountId, Collection<String> objectIds) {
            askedAccountId = accountId;
            askedObjectIds = List.copyOf(objectIds);
            Set<String> ofAccount = ACCOUNT.equals(accountId) ? members : otherAccountMembers;
            return objectIds.stream().filter(ofAccount::contains).collect(Collectors.toSet());
        }
    }
}
