package io.gatehouse.platform.web;

import io.gatehouse.platform.ids.RandomIds;

import java.util.regex.Pattern;

/** The shapes of identifiers Gatehouse accepts: directory object ids, tenant ids and its own ids are GUIDs. */
public final class Ids {

    /** A GUID, as a regular expression (for Bean Validation's {@code @Pattern}). */
    public static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private static final Pattern GUID_PATTERN = Pattern.compile(GUID);

    private Ids() {
    }

    public static boolean isGuid(String value) {
        return value != null && GUID_PATTERN.matcher(value).matches();
    }

    public static String newId() {
        return RandomIds.uuid().toString();
    }
}
