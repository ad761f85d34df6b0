package io.gatehouse.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.GatehouseSerializer;

/** Access as the JSON that lookups and views keep in their jsonb columns: the same shape as in events. */
public final class AccessJson {

    private static final ObjectMapper MAPPER = GatehouseSerializer.objectMapper();

    private AccessJson() {
    }

    public static String write(Access access) {
        try {
            return MAPPER.writeValueAsString(access);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Access read(String json) {
        try {
            return MAPPER.readValue(json, Access.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
