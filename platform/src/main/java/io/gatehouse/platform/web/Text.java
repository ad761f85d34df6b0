package io.gatehouse.platform.web;

/**
 * What text Gatehouse stores: any Unicode scalar value but control characters (C0, DEL, C1), lone surrogates
 * and the noncharacters U+FFFE/U+FFFF. PostgreSQL refuses NUL in text, and the directory refuses control
 * characters in names, so such input is refused at the door, before anything is recorded.
 */
public final class Text {

    private Text() {
    }

    /** Text as a client meant it: without leading and trailing white space (null stays null). */
    public static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    /** Why {@code value} cannot be stored, or null when it can. */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone surrogate";
            }
            if (c == 0xFFFE || c == 0xFFFF) {
                return "must not contain the noncharacter U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }
}
