package io.gatehouse.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written checks answer what Spring Security's regular expressions answer. */
class BearerTokensTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxIn0.c2lnbmF0dXJl-_~+/";

    @Test
    void aWellFormedHeaderGivesItsTokenAsSpringSecurityDoes() {
        for (String header : List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "Bearer abc==",
                "Bearer a")) {
            assertThat(resolve(new BearerTokens(), header)).isEqualTo(resolve(new DefaultBearerTokenResolver(), header))
                    .startsWith("ok:");
        }
    }

    @Test
    void anythingElseIsAnsweredOrRefusedAsSpringSecurityDoes() {
        for (String header : new String[]{null, "", "Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ",
                "Bearer a=b", "Bearer =", "Bearer a\u00e9", "Basic dXNlcjpwYXNz", "Bearer a,b", "Token " + TOKEN,
                "Bearer\t" + TOKEN}) {
            assertThat(resolve(new BearerTokens(), header)).as(String.valueOf(header))
                    .isEqualTo(resolve(new DefaultBearerTokenResolver(), header));
        }
    }

    @Test
    void headerCharactersAreThoseTheFirewallsExpressionAllows() {
        Pattern firewall = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
        HeaderCharacters allowed = new HeaderCharacters();
        List<String> values = new ArrayList<>(List.of("", "Bearer " + TOKEN, "text/html; q=0.9", "a\u0000b", "\u007f",
                "\u0085", "\ud83d\ude00", "\ud83d", "x\udc00", "\u0378", "\ufffe", "\uffff", "caf\u00e9"));
        for (int c = 0; c <= 0xFFFF; c += 7) {
            values.add(String.valueOf((char) c));
        }
        values.add(new String(Character.toChars(0x10FFFF)));
        values.add(new String(Character.toChars(0xE0001)));
        for (String value : values) {
            assertThat(allowed.test(value)).as("U+%04X...", value.isEmpty() ? 0 : (int) value.charAt(0))
                    .isEqualTo(firewall.matcher(value).matches());
        }
    }

    private static String resolve(org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver,
                                  String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/accounts");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        Function<MockHttpServletRequest, String> answer = r -> {
            try {
                return "ok:" + resolver.resolve(r);
            } catch (OAuth2AuthenticationException e) {
                return "refused:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
            }
        };
        return answer.apply(request);
    }
}
