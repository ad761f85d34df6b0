package io.gatehouse.platform.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Temporary passwords to Azure AD's complexity rules: 16 characters from a secure random generator, with
 * upper and lower case letters, digits and symbols, none of the easily confused characters.
 */
public final class TemporaryPasswords {

    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!@#$%^&*-_=+?";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TemporaryPasswords() {
    }

    public static String generate() {
        List<Character> chars = new ArrayList<>();
        for (String required : List.of(UPPER, LOWER, DIGITS, SYMBOLS)) {
            chars.add(required.charAt(RANDOM.nextInt(required.length())));
        }
        while (chars.size() < LENGTH) {
            chars.add(ALL.charAt(RANDOM.nextInt(ALL.length())));
        }
        Collections.shuffle(chars, RANDOM);
        StringBuilder password = new StringBuilder(LENGTH);
        chars.forEach(password::append);
        return password.toString();
    }
}
