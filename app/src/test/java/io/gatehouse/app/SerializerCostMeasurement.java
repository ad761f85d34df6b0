package io.gatehouse.app;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.activity.PagesVisited;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.GatehouseSerializer;
import io.gatehouse.platform.privacy.PersonalDataKeys;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A micro-measurement, not part of the suite: the event serializer's cost per event with and without
 * encryption of personal data, on the service's own key store (keys cached, as in steady state).
 * Run with {@code -Dgatehouse.measure=true -Dtest=SerializerCostMeasurement}.
 */
@EnabledIfSystemProperty(named = "gatehouse.measure", matches = "true")
class SerializerCostMeasurement extends GatehouseIntegrationTest {

    private static final int ROUNDS = 5;
    private static final int EVENTS_PER_ROUND = 100_000;

    @Autowired
    PersonalDataKeys keys;

    @Test
    void measure() {
        List<Object> events = events(1_000);
        Serializer plain = GatehouseSerializer.create();
        Serializer encrypting = GatehouseSerializer.create(keys);
        for (Object event : events) {
            Object read = encrypting.deserialize(encrypting.serialize(event, byte[].class));
            assertThat(read).isEqualTo(event);
        }
        for (int round = 0; round < ROUNDS; round++) {
            long[] plainNanos = run(plain, events);
            long[] encryptingNanos = run(encrypting, events);
            System.out.printf("round %d: serialize %.0f ns -> %.0f ns per event, deserialize %.0f ns -> %.0f ns%n",
                    round, plainNanos[0] / (double) EVENTS_PER_ROUND, encryptingNanos[0] / (double) EVENTS_PER_ROUND,
                    plainNanos[1] / (double) EVENTS_PER_ROUND, encryptingNanos[1] / (double) EVENTS_PER_ROUND);
        }
    }

    private static long[] run(Serializer serializer, List<Object> events) {
        List<SerializedObject<byte[]>> stored = new ArrayList<>(EVENTS_PER_ROUND);
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS_PER_ROUND; i++) {
            stored.add(serializer.serialize(events.get(i % events.size()), byte[].class));
        }
        long serialized = System.nanoTime();
        long sink = 0;
        for (SerializedObject<byte[]> object : stored) {
            Object event = serializer.deserialize(object);
            sink += event.hashCode();
        }
        long deserialized = System.nanoTime();
        if (sink == 42) {
            System.out.println();
        }
        return new long[]{serialized - start, deserialized - serialized};
    }

    /** The command mix's events, for a thousand people: adds, role changes, edits, groups, visits. */
    private static List<Object> events(int people) {
        List<Object> events = new ArrayList<>();
        Actor manager = new Actor(UUID.randomUUID().toString(), "Mark Manager");
        for (int i = 0; i < people; i++) {
            String account = UUID.randomUUID().toString();
            String member = UUID.randomUUID().toString();
            String object = UUID.randomUUID().toString();
            events.add(new UserAdded(account, member, "tenant", object, "User " + i, "User", "N" + i,
                    "user" + i + "@contoso.com", "user" + i + "@contoso.com", Access.ofRoles(Role.DEVELOPER), manager));
            events.add(new RoleChanged(account, member, Access.ofRoles(Role.MARKETER).roles(),
                    Access.ofRoles(Role.DEVELOPER), manager));
            events.add(new UserEdited(account, member, "Usr", null, "Usr N" + i, null, manager));
            events.add(new GroupAdded(account, UUID.randomUUID().toString(), "tenant", UUID.randomUUID().toString(),
                    "Group " + i, Access.ofRoles(Role.DEVELOPER), manager));
            events.add(new PagesVisited(account, object, "tenant", List.of(
                    new PagesVisited.Visit("https://partner.microsoft.com/dashboard/a" + i, Instant.now()),
                    new PagesVisited.Visit("https://partner.microsoft.com/dashboard/b" + i, Instant.now()))));
        }
        return events;
    }
}
