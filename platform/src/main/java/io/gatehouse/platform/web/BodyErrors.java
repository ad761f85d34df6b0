package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.springframework.validation.ObjectError;

import java.util.List;

/** Bean Validation's violations as the {@code errors} entries of a problem document: one per bad field. */
public final class BodyErrors {

    private BodyErrors() {
    }

    /** One entry per bad field: of several constraints a field broke, "is required" says most, else the first. */
    public static Rejection invalid(List<FieldError> all) {
        java.util.Map<String, FieldError> byField = new java.util.LinkedHashMap<>();
        for (FieldError error : all) {
            byField.merge(error.field(), error, (first, next) ->
                    next.message().startsWith("is required") ? next : first);
        }
        // Bean Validation reports in no set order: answer in the order of the fields, items by index
        List<FieldError> errors = byField.values().stream()
                .sorted(java.util.Comparator.comparing(error -> sortable(error.field()))).toList();
        return Rejection.invalid("The request has " + errors.size() + " invalid field"
                + (errors.size() == 1 ? "" : "s") + "; nothing was changed.", errors);
    }

    private static String sortable(String field) {
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(field);
        StringBuilder key = new StringBuilder();
        while (index.find()) {
            index.appendReplacement(key, "[" + "0".repeat(Math.max(0, 10 - index.group(1).length())) + index.group(1) + "]");
        }
        index.appendTail(key);
        return key.toString();
    }

    static FieldError of(ConstraintViolation<?> violation) {
        return new FieldError(field(violation.getPropertyPath()), violation.getMessage());
    }

    static FieldError of(ObjectError error) {
        if (error instanceof org.springframework.validation.FieldError field && field.isBindingFailure()) {
            // a query parameter that does not convert to its type
            Class<?> type = null;
            try {
                type = field.unwrap(org.springframework.beans.TypeMismatchException.class).getRequiredType();
            } catch (IllegalArgumentException unknown) {
                // named as not valid
            }
            return new FieldError(field.getField(), BodyShape.expected(type));
        }
        try {
            return of(error.unwrap(ConstraintViolation.class));
        } catch (IllegalArgumentException notAViolation) {
            String field = error instanceof org.springframework.validation.FieldError f ? f.getField() : "body";
            return new FieldError(field, error.getDefaultMessage());
        }
    }

    /** {@code emails[1]}, {@code access.permissions.account.coffee-machine}: the names clients know. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) field.append('[').append(node.getIndex()).append(']');
                else if (node.getKey() != null) field.append('.').append(node.getKey());
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getKind() == ElementKind.BEAN
                    || node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) field.append('.');
            field.append(node.getName());
        }
        String name = field.toString().replace(".[", "[");
        return name.isEmpty() ? "body" : name;
    }

    /** Whether a field is, contains or lies inside one that is already named. */
    static boolean related(String field, List<FieldError> named) {
        return named.stream().map(FieldError::field).anyMatch(other -> field.equals(other)
                || field.startsWith(other + ".") || field.startsWith(other + "[")
                || other.startsWith(field + ".") || other.startsWith(field + "["));
    }
}
