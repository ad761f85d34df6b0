package io.gatehouse.platform.authorization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The caller's directory object ids in an authorization read, written as {@code IN (?, ?, ...)}, one placeholder
 * each, not {@code = ANY (?)} with one array. PostgreSQL cannot tell an array parameter's length, so its generic
 * plan for the read looked costlier than the custom ones and it planned the read again on every call (0.44 ms of
 * planning against 0.15 ms of execution per command, measured with {@code pg_stat_statements}); with one
 * placeholder per id it switches to the generic plan after five calls. One statement per number of ids.
 */
public final class ObjectIdPlaceholders {

    private ObjectIdPlaceholders() {
    }

    /** {@code ?, ?, ...}, one per id; {@code NULL} (matches nothing) for none. */
    public static String of(Collection<String> objectIds) {
        return objectIds.isEmpty() ? "NULL" : String.join(", ", Collections.nCopies(objectIds.size(), "?"));
    }

    /** The statement's parameters in the placeholders' order: {@code before}, each id, then {@code after}. */
    public static Object[] parameters(Object before, Collection<String> objectIds, Object... after) {
        List<Object> parameters = new ArrayList<>(objectIds.size() + after.length + 1);
        parameters.add(before);
        parameters.addAll(objectIds);
        parameters.addAll(Arrays.asList(after));
        return parameters.toArray();
    }
}
