package io.gatehouse.platform.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The caller of the request being served. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    public static Caller get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Caller.from((Jwt) token.getPrincipal());
        }
        throw new IllegalStateException("no authenticated caller");
    }
}
