package io.gatehouse.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token of a request, as {@link DefaultBearerTokenResolver} finds it, without running its regular
 * expression over the ~1 kB token on every request: a well-formed {@code Authorization: Bearer <token>} header is
 * read by hand (RFC 6750's b64token: {@code [A-Za-z0-9-._~+/]+=*}); anything else (no header, a malformed one)
 * goes to Spring Security's resolver, which answers or refuses it as before.
 */
final class BearerTokens implements BearerTokenResolver {

    private static final String BEARER = "Bearer ";

    private final BearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && wellFormed(header, BEARER.length())) {
            return header.substring(BEARER.length());
        }
        return standard.resolve(request);
    }

    static boolean wellFormed(String header, int start) {
        int i = start;
        while (i < header.length() && tokenChar(header.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < header.length() && header.charAt(i) == '=') {
            i++;
        }
        return i == header.length();
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
