package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads query parameters and collects a problem for each bad one, like {@link JsonRequest} for bodies. */
public final class QueryParams {

    public static final int MAX_PAGE_SIZE = 500;

    private final List<FieldError> errors = new ArrayList<>();

    public Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-27T08:00:00Z"));
            return null;
        }
    }

    public int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return min;
    }

    public int page(String value) {
        return number("page", value, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
    }

    public int size(String value) {
        return number("size", value, 1, MAX_PAGE_SIZE);
    }

    public String guid(String name, String value) {
        if (value != null && !Ids.isGuid(value)) {
            errors.add(new FieldError(name, "is not a valid id (a GUID)"));
        }
        return value;
    }

    public void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    public void validOrThrow() {
        if (!errors.isEmpty()) {
            throw Rejection.invalid("The query has invalid parameters.", errors);
        }
    }
}
