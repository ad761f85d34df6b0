package io.gatehouse.messaging;

import java.util.List;

/**
 * A command was refused by a business rule. The {@link Kind} tells an API adapter how to answer; the message
 * is written for the person who sent the command and never contains a secret.
 */
public class Rejection extends RuntimeException {

    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION_FAILED }

    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final String problemType;
    private final List<FieldError> errors;

    public Rejection(Kind kind, String problemType, String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.kind = kind;
        this.problemType = problemType;
        this.errors = List.copyOf(errors);
    }

    public static Rejection conflict(String problemType, String message) {
        return new Rejection(Kind.CONFLICT, problemType, message, List.of());
    }

    public static Rejection conflict(String problemType, String message, List<FieldError> errors) {
        return new Rejection(Kind.CONFLICT, problemType, message, errors);
    }

    public static Rejection notFound(String message) {
        return new Rejection(Kind.NOT_FOUND, "not-found", message, List.of());
    }

    public static Rejection forbidden(String message) {
        return new Rejection(Kind.FORBIDDEN, "forbidden", message, List.of());
    }

    public static Rejection invalid(String message, List<FieldError> errors) {
        return new Rejection(Kind.INVALID, "validation", message, errors);
    }

    public Kind kind() {
        return kind;
    }

    /** The last path segment of the problem document's {@code type}, for example {@code already-member}. */
    public String problemType() {
        return problemType;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
