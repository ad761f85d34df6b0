package io.gatehouse.platform.security;

import java.util.function.Predicate;

/**
 * {@link org.springframework.security.web.firewall.StrictHttpFirewall}'s rule for header names and values (every
 * character assigned in Unicode and none a control character, its {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}),
 * checked by hand: the firewall checks a header each time it is read, the bearer token several times a request.
 */
final class HeaderCharacters implements Predicate<String> {

    @Override
    public boolean test(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (!Character.isDefined(c) || Character.getType(c) == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
