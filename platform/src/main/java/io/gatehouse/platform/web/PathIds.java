package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;

import java.util.ArrayList;
import java.util.List;

/** Checks ids taken from a URL before anything looks them up. */
public final class PathIds {

    private PathIds() {
    }

    /** Pairs of (name, value); every value must be a GUID. */
    public static void requireGuids(String... namesAndValues) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (!Ids.isGuid(namesAndValues[i + 1])) {
                errors.add(new FieldError(namesAndValues[i], "is not a valid id (a GUID)"));
            }
        }
        if (!errors.isEmpty()) {
            throw Rejection.invalid("The URL has a malformed id.", errors);
        }
    }
}
