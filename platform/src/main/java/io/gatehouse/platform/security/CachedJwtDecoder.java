package io.gatehouse.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the tokens it has verified, so that a client sending the same bearer token on every request does not
 * pay for parsing it and checking its RS256 signature each time. Keyed by the whole token: a token is the same
 * only if every byte, signature included, is the same. A token is answered from here only before its
 * {@code exp}; after that (or without one) it goes to the real decoder again, which decides on it as it
 * always did. Tokens that fail are never kept. At most {@code maxTokens}, the least recently used leaving first.
 */
public final class CachedJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int maxTokens;
    private final Clock clock;
    private final Map<String, Jwt> verified;

    public CachedJwtDecoder(JwtDecoder delegate, int maxTokens, Clock clock) {
        this.delegate = delegate;
        this.maxTokens = maxTokens;
        this.clock = clock;
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Jwt> eldest) {
                return size() > CachedJwtDecoder.this.maxTokens;
            }
        };
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Jwt known;
        synchronized (verified) {
            known = verified.get(token);
        }
        if (known != null) {
            if (now.isBefore(known.getExpiresAt())) {
                return known;
            }
            synchronized (verified) {
                verified.remove(token);
            }
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())) {
            synchronized (verified) {
                verified.put(token, jwt);
            }
        }
        return jwt;
    }

    JwtDecoder delegate() {
        return delegate;
    }
}
