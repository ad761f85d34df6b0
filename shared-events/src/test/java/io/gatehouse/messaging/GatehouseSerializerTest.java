package io.gatehouse.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.membership.CustomPermissionsChanged;
import io.gatehouse.membership.UserAdded;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatehouseSerializerTest {

    private final GatehouseSerializer serializer = GatehouseSerializer.create();

    private final UserAdded userAdded = new UserAdded("acc-1", "mem-1", "ten-1", "obj-1", "Ada Lovelace", "Ada",
            "Lovelace", "ada@contoso.com", "ada@contoso.com", Access.ofRoles(Role.DEVELOPER, Role.MANAGER),
            new Actor("oid-1", "Grace Hopper"));

    @Test
    void storesEventsUnderTheirStableNameAndRevisionNotTheirJavaClass() {
        SerializedObject<byte[]> serialized = serializer.serialize(userAdded, byte[].class);

        assertThat(serialized.getType().getName()).isEqualTo("UserAdded");
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
    }

    @Test
    void payloadIsReadableJsonWithPlainlyNamedPersonalData() {
        String json = new String(serializer.serialize(userAdded, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"displayName\":\"Ada Lovelace\"", "\"email\":\"ada@contoso.com\"",
                "\"roles\":[\"MANAGER\",\"DEVELOPER\"]", "\"actor\":{\"oid\":\"oid-1\",\"name\":\"Grace Hopper\"}");
        assertThat(json).doesNotContain("io.gatehouse");
    }

    @Test
    void readsBackWhatItWrote() {
        SerializedObject<byte[]> serialized = serializer.serialize(userAdded, byte[].class);

        Object read = serializer.deserialize(serialized);

        assertThat(read).isEqualTo(userAdded);
        assertThat(serializer.classForType(serialized.getType())).isEqualTo(UserAdded.class);
    }

    @Test
    void customPermissionsAreWrittenWithoutEmptyAndOldEventsThatCarryItStillRead() {
        CustomPermissions permissions = new CustomPermissions(Map.of("account-users", PermissionLevel.READ),
                Map.of());
        CustomPermissionsChanged changed = new CustomPermissionsChanged("acc-1", "mem-1", permissions,
                Access.ofRoles(Role.DEVELOPER), new Actor("oid-1", "Grace Hopper"));
        SerializedObject<byte[]> written = serializer.serialize(changed, byte[].class);
        // as stored before "empty" was left out (isEmpty() was written as a property)
        byte[] old = ("{\"accountId\":\"acc-1\",\"memberId\":\"mem-1\",\"permissions\":{\"account\":"
                + "{\"account-users\":\"READ\"},\"empty\":false},\"previousAccess\":{\"roles\":[\"DEVELOPER\"]},"
                + "\"actor\":{\"oid\":\"oid-1\",\"name\":\"Grace Hopper\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(new String(written.getData(), StandardCharsets.UTF_8)).doesNotContain("empty");
        assertThat((Object) serializer.deserialize(new SimpleSerializedObject<>(old, byte[].class,
                written.getType()))).isEqualTo(changed);
        assertThat((Object) GatehouseSerializer.create(GatehouseSerializer.objectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).deserialize(
                new SimpleSerializedObject<>(old, byte[].class, written.getType())))
                .as("ignored on purpose, not merely tolerated as unknown").isEqualTo(changed);
    }

    @Test
    void everyEventInTheVocabularyHasAStableNameAndARevision() {
        Vocabulary.messageTypes().stream()
                .filter(type -> io.gatehouse.account.AccountEvent.class.isAssignableFrom(type)
                        || io.gatehouse.membership.MembershipEvent.class.isAssignableFrom(type)
                        || type == io.gatehouse.activity.PagesVisited.class)
                .forEach(type -> {
                    assertThat(type.getAnnotation(StableName.class)).as(type + " stable name").isNotNull();
                    assertThat(type.getAnnotation(org.axonframework.serialization.Revision.class))
                            .as(type + " revision").isNotNull();
                });
    }
}
