package io.gatehouse.platform.web;

import java.util.regex.Pattern;

/** The shapes of identifiers Gatehouse accepts: directory object ids, tenant ids and its own ids are GUIDs. */
public final class Ids {

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }

    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }
}
