package io.gatehouse.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.messaging.privacy.PersonalDataModule;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer with the {@link Vocabulary}'s stable names as payload types, so the event store
 * reads {@code UserAdded}, not a Java class name, and stays readable with psql. Types outside the vocabulary
 * (tracking tokens, saga state) keep their class names.
 */
public class GatehouseSerializer extends JacksonSerializer {

    protected GatehouseSerializer(Builder builder) {
        super(builder);
    }

    public static GatehouseSerializer create() {
        return create(objectMapper());
    }

    /**
     * The event store's serializer: components marked {@link PersonalData} are stored encrypted with their
     * person's key and read back as plaintext, or as {@code "[erased]"} once that key was destroyed.
     */
    public static GatehouseSerializer create(PersonalDataProtection protection) {
        return create(objectMapper().registerModule(new PersonalDataModule(protection)));
    }

    /**
     * Only to measure what encryption costs ({@code gatehouse.privacy.measure-without-encryption}): personal
     * components are written in clear, so they can never be erased; sealed ones are still read back.
     */
    public static GatehouseSerializer createWithoutEncryption(PersonalDataProtection protection) {
        return create(objectMapper().registerModule(PersonalDataModule.openingOnly(protection)));
    }

    public static GatehouseSerializer create(ObjectMapper objectMapper) {
        return new GatehouseSerializer(JacksonSerializer.builder().objectMapper(objectMapper));
    }

    /** The object mapper for events: ISO-8601 instants, unknown fields tolerated so old readers survive additions. */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return Vocabulary.nameOf(type)
                .<SerializedType>map(name -> new SimpleSerializedType(name, getRevisionResolver().revisionOf(type)))
                .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return Vocabulary.typeNamed(serializedType.getName())
                .map(Class::getName)
                .orElseGet(() -> super.resolveClassName(serializedType));
    }
}
