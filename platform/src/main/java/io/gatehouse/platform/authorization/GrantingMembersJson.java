package io.gatehouse.platform.authorization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.GatehouseSerializer;

import java.util.List;

/** Member entries as a single query returns them: a JSON array built with json_agg. */
public final class GrantingMembersJson {

    private static final ObjectMapper JSON = GatehouseSerializer.objectMapper();

    private record Row(String memberId, MemberType type, String tenantId, String directoryObjectId, Access access) {
    }

    private GrantingMembersJson() {
    }

    public static List<GrantingMember> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Row>>() {
            }).stream().map(r -> new GrantingMember(r.memberId(), r.type(), r.tenantId(), r.directoryObjectId(),
                    r.access())).toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
