package io.gatehouse.messaging.privacy;

import io.gatehouse.access.Access;
import io.gatehouse.access.Role;
import io.gatehouse.activity.PagesVisited;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.GatehouseSerializer;
import io.gatehouse.privacy.PersonErased;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every personal component of every event is stored sealed with its person's key, and erased with it. */
class PersonalDataSerializationTest {

    private static final String ERASED = PersonalDataProtection.ERASED;
    private static final Actor MANAGER = new Actor("oid-manager", "Grace Hopper");

    private final InMemoryKeys keys = new InMemoryKeys();
    private final GatehouseSerializer serializer = GatehouseSerializer.create(keys);

    private final UserAdded userAdded = new UserAdded("acc-1", "mem-1", "ten-1", "obj-ada", "Ada Lovelace", "Ada",
            "Lovelace", "ada@contoso.com", "ada.mail@contoso.com", Access.ofRoles(Role.DEVELOPER), MANAGER);

    @Test
    void userAddedStoresNamesUsernameEmailAndTheActorsNameSealedWithTheirOwnersKeys() {
        String json = stored(userAdded);

        assertThat(json).doesNotContain("Ada", "Lovelace", "contoso", "Grace", "Hopper");
        assertThat(json).contains("\"memberId\":\"mem-1\"", "\"directoryObjectId\":\"obj-ada\"",
                "\"oid\":\"oid-manager\"", "\"displayName\":{\"sealed\":1,\"key\":\"");
        assertThat(keys.subjects()).containsExactlyInAnyOrder("person:obj-ada", "person:oid-manager");
        assertThat(roundTrip(userAdded)).isEqualTo(userAdded);
    }

    @Test
    void withoutEncryptionForMeasuringPersonalDataIsWrittenInClearAndSealedValuesStillOpen() {
        GatehouseSerializer withoutEncryption = GatehouseSerializer.createWithoutEncryption(keys);
        SerializedObject<byte[]> sealed = serializer.serialize(userAdded, byte[].class);

        String clear = new String(withoutEncryption.serialize(userAdded, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(clear).contains("\"displayName\":\"Ada Lovelace\"", "\"name\":\"Grace Hopper\"")
                .doesNotContain("sealed");
        assertThat((Object) withoutEncryption.deserialize(sealed)).isEqualTo(userAdded);
    }

    @Test
    void aDestroyedKeyReadsAsThePlaceholderAndLeavesIdsAndOtherPeopleAlone() {
        SerializedObject<byte[]> stored = serializer.serialize(userAdded, byte[].class);

        keys.destroy("person:obj-ada");
        UserAdded read = serializer.deserialize(stored);

        assertThat(read).isEqualTo(new UserAdded("acc-1", "mem-1", "ten-1", "obj-ada", ERASED, ERASED, ERASED, ERASED,
                ERASED, Access.ofRoles(Role.DEVELOPER), MANAGER));
    }

    @Test
    void theActorsNameIsTheActorsOwnDataErasedWithTheActor() {
        SerializedObject<byte[]> stored = serializer.serialize(userAdded, byte[].class);

        keys.destroy("person:oid-manager");
        UserAdded read = serializer.deserialize(stored);

        assertThat(read.actor()).isEqualTo(new Actor("oid-manager", ERASED));
        assertThat(read.displayName()).isEqualTo("Ada Lovelace");
    }

    @Test
    void aUserTheDirectoryHasNotMadeYetIsEncryptedForTheMember() {
        NewUserRequested requested = new NewUserRequested("acc-1", "mem-2", "ten-1", "Alan", "Turing", "Alan Turing",
                "alan@contoso.com", false, "alan.recovery@example.org", List.of(), Access.ofRoles(Role.MANAGER),
                "cred-1", MANAGER);
        UserInvited invited = new UserInvited("acc-1", "mem-3", "inv-1", "ten-1", "guest@fabrikam.com",
                Access.ofRoles(Role.MARKETER), MANAGER);

        assertThat(stored(requested)).doesNotContain("Alan", "Turing", "alan", "recovery").contains("\"cred-1\"");
        assertThat(stored(invited)).doesNotContain("guest", "fabrikam").contains("\"inv-1\"");
        assertThat(keys.subjects()).contains("member:mem-2", "member:mem-3");
        assertThat(roundTrip(requested)).isEqualTo(requested);
        assertThat(roundTrip(invited)).isEqualTo(invited);

        SerializedObject<byte[]> storedRequest = serializer.serialize(requested, byte[].class);
        keys.destroy("member:mem-2");
        NewUserRequested read = serializer.deserialize(storedRequest);
        assertThat(List.of(read.firstName(), read.lastName(), read.displayName(), read.username(),
                read.passwordRecoveryEmail())).containsOnly(ERASED);
        assertThat(read.credentialsId()).isEqualTo("cred-1");
    }

    @Test
    void userEditedKeepsUnchangedFieldsNullAndSealsTheOthers() {
        UserEdited edited = new UserEdited("acc-1", "mem-1", "Augusta", null, "Augusta Lovelace", null, MANAGER);

        assertThat(stored(edited)).doesNotContain("Augusta").contains("\"lastName\":null", "\"username\":null");
        assertThat(roundTrip(edited)).isEqualTo(edited);
    }

    @Test
    void aDirectorysReasonIsSealedForTheMember() {
        DirectorySyncFailed failed = new DirectorySyncFailed("acc-1", "mem-1", DirectoryOperation.UPDATE_USER,
                "ada@contoso.com is already taken", "Request_BadRequest", Actor.DIRECTORY_SYNC);

        assertThat(stored(failed)).doesNotContain("ada@contoso.com").contains("\"Request_BadRequest\"");
        assertThat(roundTrip(failed)).isEqualTo(failed);
    }

    @Test
    void pageVisitsAreSealedWithAKeyOfTheVisitorAndTheDay() {
        PagesVisited visits = new PagesVisited("acc-1", "obj-ada", "ten-1", List.of(
                new PagesVisited.Visit("https://partner.microsoft.com/dashboard/secret-project",
                        Instant.parse("2026-11-20T23:59:00Z")),
                new PagesVisited.Visit("https://partner.microsoft.com/dashboard/payouts",
                        Instant.parse("2026-11-21T00:01:00Z"))));

        assertThat(stored(visits)).doesNotContain("partner.microsoft.com").contains("\"visitorObjectId\":\"obj-ada\"");
        assertThat(keys.subjects()).contains("visits:obj-ada:2026-11-20", "visits:obj-ada:2026-11-21");
        SerializedObject<byte[]> stored = serializer.serialize(visits, byte[].class);

        keys.destroy("visits:obj-ada:2026-11-20");
        PagesVisited read = serializer.deserialize(stored);

        assertThat(read.visits()).extracting(PagesVisited.Visit::url)
                .containsExactly(ERASED, "https://partner.microsoft.com/dashboard/payouts");
        assertThat(read.visits().get(0).visitedAt()).isEqualTo(Instant.parse("2026-11-20T23:59:00Z"));
    }

    @Test
    void theDayKeyExpiresAtTheEndOfTheThirtiethDayAfterIt() {
        Subject subject = Subject.visits("obj-ada", Instant.parse("2026-11-20T23:59:00Z"));

        assertThat(subject.expiresAt()).isEqualTo(Instant.parse("2026-12-21T00:00:00Z"));
    }

    @Test
    void theRecordOfAnErasureHoldsIdsAndTheOperatorsSealedName() {
        PersonErased erased = new PersonErased("obj-ada", List.of("mem-1", "mem-9"), new Actor("oid-op", "Operator Olga"));

        assertThat(stored(erased)).doesNotContain("Olga").contains("\"directoryObjectId\":\"obj-ada\"",
                "\"memberIds\":[\"mem-1\",\"mem-9\"]");
        assertThat(roundTrip(erased)).isEqualTo(erased);
    }

    @Test
    void eventsStoredInPlainTextBeforeEncryptionStillRead() {
        String plain = "{\"accountId\":\"acc-1\",\"memberId\":\"mem-1\",\"tenantId\":\"ten-1\",\"directoryObjectId\":"
                + "\"obj-ada\",\"displayName\":\"Ada Lovelace\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                + "\"username\":\"ada@contoso.com\",\"email\":\"ada.mail@contoso.com\",\"access\":{\"roles\":"
                + "[\"DEVELOPER\"]},\"actor\":{\"oid\":\"oid-manager\",\"name\":\"Grace Hopper\"}}";

        UserAdded read = serializer.deserialize(new SimpleSerializedObject<>(plain.getBytes(StandardCharsets.UTF_8),
                byte[].class, new SimpleSerializedType("UserAdded", "1")));

        assertThat(read).isEqualTo(userAdded);
    }

    @Test
    void personalDataWithoutAnOwnerIsRefusedRatherThanStoredForever() {
        UserAdded ownerless = new UserAdded("acc-1", null, "ten-1", null, "Nobody", null, null, null, null,
                Access.ofRoles(Role.DEVELOPER), MANAGER);

        assertThatThrownBy(() -> serializer.serialize(ownerless, byte[].class)).hasStackTraceContaining("no person");
    }

    private String stored(Object event) {
        return new String(serializer.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private Object roundTrip(Object event) {
        return serializer.deserialize(serializer.serialize(event, byte[].class));
    }
}
