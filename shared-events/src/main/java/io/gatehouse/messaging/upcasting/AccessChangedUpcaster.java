package io.gatehouse.messaging.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code AccessChanged} revision 1 (Gatehouse's first name for a change of access, stored until the design's
 * names were adopted) is read as {@code RoleChanged} revision 1 when the new access is roles, and as
 * {@code CustomPermissionsChanged} revision 1 when it is custom permissions. The stored events stay as they
 * are; every reader (aggregates, projections, rebuilds, {@code asOf}, exports) sees them through this.
 *
 * <pre>
 * AccessChanged {accountId, memberId, access: {roles: [..]},       previousAccess, actor}
 *   → RoleChanged {accountId, memberId, roles: [..],                previousAccess, actor}
 * AccessChanged {accountId, memberId, access: {permissions: {..}}, previousAccess, actor}
 *   → CustomPermissionsChanged {accountId, memberId, permissions: {..}, previousAccess, actor}
 * </pre>
 */
public class AccessChangedUpcaster extends SingleEventUpcaster {

    static final SerializedType ACCESS_CHANGED_1 = new SimpleSerializedType("AccessChanged", "1");
    static final SerializedType ROLE_CHANGED_1 = new SimpleSerializedType("RoleChanged", "1");
    static final SerializedType CUSTOM_PERMISSIONS_CHANGED_1 = new SimpleSerializedType("CustomPermissionsChanged", "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return ACCESS_CHANGED_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        JsonNode stored = representation.getData(JsonNode.class).getData();
        boolean roles = stored.path("access").has("roles");
        return representation.upcastPayload(roles ? ROLE_CHANGED_1 : CUSTOM_PERMISSIONS_CHANGED_1, JsonNode.class,
                payload -> reshaped(payload, roles));
    }

    private static JsonNode reshaped(JsonNode accessChanged, boolean roles) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.set("accountId", accessChanged.get("accountId"));
        event.set("memberId", accessChanged.get("memberId"));
        if (roles) {
            event.set("roles", accessChanged.path("access").get("roles"));
        } else {
            event.set("permissions", accessChanged.path("access").get("permissions"));
        }
        if (accessChanged.hasNonNull("previousAccess")) {
            event.set("previousAccess", accessChanged.get("previousAccess"));
        }
        event.set("actor", accessChanged.get("actor"));
        return event;
    }
}
