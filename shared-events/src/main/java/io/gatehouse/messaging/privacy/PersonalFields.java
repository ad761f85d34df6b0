package io.gatehouse.messaging.privacy;

import io.gatehouse.messaging.Vocabulary;

import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;

/** The names of the {@link PersonalData} components of the vocabulary's events, for read models that copy them. */
public final class PersonalFields {

    private static final Set<String> OF_EVENTS = collect();

    private PersonalFields() {
    }

    /** Every top-level component name that is personal data in at least one event. */
    public static Set<String> ofEvents() {
        return OF_EVENTS;
    }

    private static Set<String> collect() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : Vocabulary.messageTypes()) {
            if (type.isRecord() && type.isAnnotationPresent(io.gatehouse.messaging.StableName.class)) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (component.isAnnotationPresent(PersonalData.class)) {
                        names.add(component.getName());
                    }
                }
            }
        }
        return Set.copyOf(names);
    }
}
