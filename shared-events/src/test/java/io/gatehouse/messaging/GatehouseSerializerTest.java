package io.gatehouse.messaging;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.membership.UserAdded;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

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
