package io.gatehouse.messaging.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson's side of {@link PersonalData}: a personal component is written as a small sealed object,
 * {@code {"sealed":1,"key":"<key id>","data":"<base64 nonce and ciphertext>"}}, and any text read where such an
 * object stands is decrypted, or reads as {@value PersonalDataProtection#ERASED} once its key is gone. Text
 * stored before encryption (a plain JSON string) reads as it is.
 * <p>
 * {@link #openingOnly} is for measuring what sealing costs, never for production: it writes personal values in
 * clear (so they can never be erased) and still opens sealed ones.
 */
public final class PersonalDataModule extends SimpleModule {

    static final String SEALED = "sealed";
    static final String KEY = "key";
    static final String DATA = "data";

    public PersonalDataModule(PersonalDataProtection protection) {
        this(protection, true);
    }

    /** Reads sealed values like {@link #PersonalDataModule(PersonalDataProtection)}, but writes them in clear. */
    public static PersonalDataModule openingOnly(PersonalDataProtection protection) {
        return new PersonalDataModule(protection, false);
    }

    private PersonalDataModule(PersonalDataProtection protection, boolean sealing) {
        super("gatehouse-personal-data");
        addDeserializer(String.class, new OpeningDeserializer(protection));
        if (!sealing) {
            return;
        }
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                             List<BeanPropertyWriter> properties) {
                properties.replaceAll(property -> {
                    PersonalData personal = property.getAnnotation(PersonalData.class);
                    if (personal == null) {
                        return property;
                    }
                    if (!property.getType().hasRawClass(String.class)) {
                        throw new IllegalStateException("@PersonalData must be on text: " + description.getBeanClass()
                                .getName() + "." + property.getName());
                    }
                    return new SealingWriter(property, personal, protection);
                });
                return properties;
            }
        });
    }

    /** Writes a personal value sealed with its subject's key. */
    static final class SealingWriter extends BeanPropertyWriter {

        private final transient PersonalData personal;
        private final transient PersonalDataProtection protection;

        SealingWriter(BeanPropertyWriter base, PersonalData personal, PersonalDataProtection protection) {
            super(base);
            this.personal = personal;
            this.protection = protection;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            if (value == null) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            PersonalDataProtection.Sealed sealed = protection.seal(subject(bean, gen), (String) value);
            gen.writeFieldName(_name);
            gen.writeStartObject();
            gen.writeNumberField(SEALED, 1);
            gen.writeStringField(KEY, sealed.keyId());
            gen.writeStringField(DATA, Base64.getEncoder().encodeToString(sealed.data()));
            gen.writeEndObject();
        }

        private Subject subject(Object bean, JsonGenerator gen) {
            if (!personal.person().isEmpty()) {
                Object person = component(bean, gen, personal.person());
                if (person != null) {
                    if (!personal.day().isEmpty()) {
                        Object day = component(bean, gen, personal.day());
                        if (day instanceof Instant at) {
                            return Subject.visits(person.toString(), at);
                        }
                        throw new IllegalStateException(getName() + ": no day in " + personal.day());
                    }
                    return Subject.person(person.toString());
                }
            }
            if (!personal.member().isEmpty()) {
                Object member = component(bean, gen, personal.member());
                if (member != null) {
                    return Subject.member(member.toString());
                }
            }
            // personal data nobody owns could never be erased: refuse to store it
            throw new IllegalStateException("Personal data " + bean.getClass().getSimpleName() + "." + getName()
                    + " has no person or member id to encrypt it for");
        }

        /** The named component of the bean, or of the nearest enclosing record that has one. */
        private static Object component(Object bean, JsonGenerator gen, String name) {
            Method accessor = Components.accessor(bean.getClass(), name);
            if (accessor != null) {
                return Components.value(accessor, bean);
            }
            for (JsonStreamContext context = gen.getOutputContext(); context != null; context = context.getParent()) {
                Object enclosing = context.getCurrentValue();
                if (enclosing != null && enclosing != bean) {
                    accessor = Components.accessor(enclosing.getClass(), name);
                    if (accessor != null) {
                        return Components.value(accessor, enclosing);
                    }
                }
            }
            return null;
        }
    }

    /** Text, or a sealed object in its place: opened, or the erased placeholder. */
    static final class OpeningDeserializer extends StdScalarDeserializer<String> {

        private final transient PersonalDataProtection protection;

        OpeningDeserializer(PersonalDataProtection protection) {
            super(String.class);
            this.protection = protection;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                // read field by field: no tree per value, this runs for every personal value of every event read
                int version = 0;
                String keyId = null;
                byte[] data = null;
                for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case SEALED -> version = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                        case KEY -> keyId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                        case DATA -> data = value == JsonToken.VALUE_STRING ? parser.getBinaryValue() : null;
                        default -> parser.skipChildren();
                    }
                }
                if (version == 1 && keyId != null && data != null) {
                    String plaintext = protection.open(new PersonalDataProtection.Sealed(keyId, data));
                    return plaintext == null ? PersonalDataProtection.ERASED : plaintext;
                }
                return (String) context.handleUnexpectedToken(String.class, JsonToken.START_OBJECT, parser,
                        "an object where text was expected that is not a sealed personal value");
            }
            return StringDeserializer.instance.deserialize(parser, context);
        }
    }

    /** Record component accessors by name, looked up once per class. */
    static final class Components {

        private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
            @Override
            protected Map<String, Method> computeValue(Class<?> type) {
                Map<String, Method> accessors = new HashMap<>();
                if (type.isRecord()) {
                    for (RecordComponent component : type.getRecordComponents()) {
                        Method accessor = component.getAccessor();
                        accessor.setAccessible(true);
                        accessors.put(component.getName(), accessor);
                    }
                }
                return accessors;
            }
        };

        static Method accessor(Class<?> type, String name) {
            return ACCESSORS.get(type).get(name);
        }

        static Object value(Method accessor, Object bean) {
            try {
                return accessor.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
