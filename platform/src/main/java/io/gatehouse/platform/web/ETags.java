package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;

import java.util.List;

/** A member's ETag is its version: the sequence number of its last event, in quotes. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header expects, or null when there is none or it is {@code *}. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Rejection.invalid("If-Match must be an ETag this service gave out, such as \"3\".",
                List.of(new FieldError("If-Match", "is not an ETag of a member")));
    }
}
