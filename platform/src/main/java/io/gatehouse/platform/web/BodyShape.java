package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.messaging.Rejection.FieldError;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a JSON body against the request record it is bound to, before Jackson binds it: Jackson stops at the
 * first value of the wrong type, but a client should learn of every bad field in one answer. Each value of the
 * wrong type is named and dropped (set to null, or left out of a set), so that binding and Bean Validation can
 * still run on the rest.
 */
final class BodyShape {

    private BodyShape() {
    }

    /** The node to keep in place of {@code node}: itself (its bad parts dropped), or null when it is wrong. */
    static JsonNode check(JsonNode node, Type type, String path, boolean nested, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return node;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return expect(node.isTextual(), node, path, "must be a string", errors);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return expect(node.isBoolean(), node, path, "must be true or false", errors);
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            boolean fits = raw == Integer.class || raw == int.class ? node.canConvertToInt() : node.canConvertToLong();
            return expect(node.isIntegralNumber() && fits, node, path, "must be a whole number", errors);
        }
        if (raw.isEnum()) {
            boolean known = node.isTextual() && Arrays.stream(raw.getEnumConstants())
                    .anyMatch(c -> ((Enum<?>) c).name().equals(node.textValue()));
            return expect(known, node, path, "must be " + oneOf(Arrays.stream(raw.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name()).toList()), errors);
        }
        if (raw == Instant.class) {
            return expect(node.isTextual() && isInstant(node.textValue()), node, path,
                    "must be an ISO-8601 instant such as 2026-11-27T08:00:00Z", errors);
        }
        if (raw == UUID.class) {
            return expect(node.isTextual() && Ids.isGuid(node.textValue()), node, path,
                    "is not a valid id (a GUID)", errors);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type item = argument(type, 0);
            if (!node.isArray()) {
                return expect(false, node, path, raw(item) == String.class ? "must be a list of strings"
                        : "must be a list", errors);
            }
            ArrayNode items = (ArrayNode) node;
            boolean isSet = Set.class.isAssignableFrom(raw);
            for (int i = items.size() - 1; i >= 0; i--) {
                JsonNode checked = check(items.get(i), item, path + "[" + i + "]", true, errors);
                if (checked != items.get(i)) {
                    // a set has no order to keep: leave the bad item out; a list keeps its indexes
                    if (isSet) items.remove(i); else items.set(i, checked);
                }
            }
            return node;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                return expect(false, node, path, "must be an object", errors);
            }
            Type value = argument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode checked = check(field.getValue(), value, join(path, field.getKey()), true, errors);
                if (checked != field.getValue()) field.setValue(checked);
            }
            return node;
        }
        RecordShape shape = raw.isRecord() ? SHAPES.get(raw) : null;
        if (shape != null && shape.delegate() != null) {
            // a record bound from its one field's value (@JsonCreator DELEGATING): the body is that value
            RecordComponent only = shape.delegate();
            return check(node, only.getGenericType(), join(path, only.getName()), true, errors);
        }
        if (shape != null) {
            List<String> names = shape.names();
            if (!node.isObject()) {
                return expect(false, node, path, "must be an object with " + oneOf(names), errors);
            }
            ObjectNode object = (ObjectNode) node;
            if (nested) {
                // a nested object is all data: a field it does not have is a mistake, not an extension
                List<String> unknown = new ArrayList<>();
                object.fieldNames().forEachRemaining(name -> {
                    if (!names.contains(name)) unknown.add(name);
                });
                for (String name : unknown) {
                    errors.add(new FieldError(join(path, name), "is not " + oneOf(names)));
                    object.remove(name);
                }
            }
            for (RecordComponent component : shape.components()) {
                JsonNode field = object.get(component.getName());
                if (field != null && !field.isArray() && !field.isNull()
                        && shape.singleValueAsArray().contains(component.getName())) {
                    field = object.arrayNode().add(field); // one value where a list is expected: a list of one
                    object.set(component.getName(), field);
                }
                JsonNode checked = check(field, component.getGenericType(), join(path, component.getName()), true,
                        errors);
                if (checked != field) object.set(component.getName(), checked);
            }
            return node;
        }
        return node;
    }

    /** What checking a record needs of its class, found by reflection once per class (it is on every request). */
    private record RecordShape(List<RecordComponent> components, List<String> names, RecordComponent delegate,
                               Set<String> singleValueAsArray) {
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> record) {
            List<RecordComponent> components = List.of(record.getRecordComponents());
            Set<String> singleValueAsArray = new java.util.HashSet<>();
            for (RecordComponent component : components) {
                com.fasterxml.jackson.annotation.JsonFormat format = fieldOf(record, component)
                        .getAnnotation(com.fasterxml.jackson.annotation.JsonFormat.class);
                if (format != null && Arrays.asList(format.with())
                        .contains(com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)) {
                    singleValueAsArray.add(component.getName());
                }
            }
            return new RecordShape(components, components.stream().map(RecordComponent::getName).toList(),
                    findDelegate(record), Set.copyOf(singleValueAsArray));
        }
    };

    private static java.lang.reflect.Field fieldOf(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a value of {@code type} must be, in the words of a problem document. */
    static String expected(Class<?> type) {
        if (type == null) return "is not a valid value";
        if (type == String.class) return "must be a string";
        if (type == Boolean.class || type == boolean.class) return "must be true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (type.isEnum()) {
            return "must be " + oneOf(Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
        }
        if (type == Instant.class) return "must be an ISO-8601 instant such as 2026-11-27T08:00:00Z";
        if (type == UUID.class) return "is not a valid id (a GUID)";
        return "is not a valid value";
    }

    /** The one component of a record that Jackson binds from that component's value, or null. */
    static RecordComponent delegate(Class<?> type) {
        return type.isRecord() ? SHAPES.get(type).delegate() : null;
    }

    private static RecordComponent findDelegate(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        if (components.length != 1) {
            return null;
        }
        for (java.lang.reflect.Method method : record.getDeclaredMethods()) {
            com.fasterxml.jackson.annotation.JsonCreator creator =
                    method.getAnnotation(com.fasterxml.jackson.annotation.JsonCreator.class);
            if (creator != null && creator.mode() == com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING) {
                return components[0];
            }
        }
        return null;
    }

    private static JsonNode expect(boolean ok, JsonNode node, String path, String message, List<FieldError> errors) {
        if (ok) {
            return node;
        }
        errors.add(new FieldError(path.isEmpty() ? "body" : path, message));
        return NullNode.getInstance();
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String oneOf(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
