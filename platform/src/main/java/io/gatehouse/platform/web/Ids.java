package io.gatehouse.platform.web;

import io.gatehouse.platform.ids.RandomIds;

/** The shapes of identifiers Gatehouse accepts: directory object ids, tenant ids and its own ids are GUIDs. */
public final class Ids {

    /** A GUID, as a regular expression (for Bean Validation's {@code @Pattern}). */
    public static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private Ids() {
    }

    /** Whether {@code value} matches {@link #GUID} (checked by hand: every request checks its path's ids). */
    public static boolean isGuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String newId() {
        return RandomIds.uuid().toString();
    }
}
