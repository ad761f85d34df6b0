package io.gatehouse.messaging.upcasting;

import io.gatehouse.access.Access;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.membership.CustomPermissionsChanged;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.GatehouseSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** AccessChanged revision 1, byte for byte as Gatehouse stored it, read as today's events. */
class AccessChangedUpcasterTest {

    private static final GatehouseSerializer SERIALIZER = GatehouseSerializer.create();

    private static DomainEventMessage<?> read(String storedPayload) {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Membership", "member-1", 1,
                "event-1", "2026-01-05T10:15:30Z", "AccessChanged", "1",
                storedPayload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<? extends DomainEventMessage<?>> events = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(stored), SERIALIZER, new AccessChangedUpcaster()).asStream().toList();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void aChangeToRolesIsReadAsRoleChangedWithThePreviousAccess() {
        DomainEventMessage<?> event = read("{\"accountId\":\"account-1\",\"memberId\":\"member-1\","
                + "\"access\":{\"roles\":[\"MANAGER\",\"DEVELOPER\"]},\"previousAccess\":{\"roles\":[\"DEVELOPER\"]},"
                + "\"actor\":{\"oid\":\"oid-1\",\"name\":\"Olivia Owner\"}}");

        assertThat(event.getPayload()).isEqualTo(new RoleChanged("account-1", "member-1",
                Access.ofRoles(Role.MANAGER, Role.DEVELOPER).roles(), Access.ofRoles(Role.DEVELOPER),
                new Actor("oid-1", "Olivia Owner")));
        assertThat(event.getSequenceNumber()).isEqualTo(1);
        assertThat(event.getIdentifier()).isEqualTo("event-1");
    }

    @Test
    void aSwitchToCustomPermissionsIsReadAsCustomPermissionsChangedWithThePreviousRoles() {
        DomainEventMessage<?> event = read("{\"accountId\":\"account-1\",\"memberId\":\"member-1\","
                + "\"access\":{\"permissions\":{\"account\":{\"payout-account\":\"READ\"},\"products\":{}}},"
                + "\"previousAccess\":{\"roles\":[\"DEVELOPER\"]},\"actor\":{\"oid\":\"oid-1\",\"name\":\"Olivia\"}}");

        CustomPermissionsChanged changed = (CustomPermissionsChanged) event.getPayload();
        assertThat(changed.permissions().account()).isEqualTo(Map.of("payout-account", PermissionLevel.READ));
        assertThat(changed.previousAccess()).isEqualTo(Access.ofRoles(Role.DEVELOPER));
        assertThat(changed.access().permissions()).isEqualTo(changed.permissions());
    }

    @Test
    void aChangeWithoutPreviousAccessIsReadToo() {
        DomainEventMessage<?> event = read("{\"accountId\":\"account-1\",\"memberId\":\"member-1\","
                + "\"access\":{\"roles\":[\"MARKETER\"]},\"previousAccess\":null,\"actor\":{\"oid\":\"o\",\"name\":\"n\"}}");

        assertThat(((RoleChanged) event.getPayload()).previousAccess()).isNull();
    }

    @Test
    void todaysEventsAreStoredUnderTheDesignsNames() {
        RoleChanged changed = new RoleChanged("a", "m", Access.ofRoles(Role.MARKETER).roles(), null,
                new Actor("o", "n"));

        assertThat(SERIALIZER.serialize(changed, byte[].class).getType().getName()).isEqualTo("RoleChanged");
        assertThat(new String(SERIALIZER.serialize(changed, byte[].class).getData(), StandardCharsets.UTF_8))
                .contains("\"roles\":[\"MARKETER\"]").doesNotContain("\"access\"");
    }
}
