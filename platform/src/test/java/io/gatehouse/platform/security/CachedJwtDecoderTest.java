package io.gatehouse.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token cache in front of the real RS256 decoder: what it verified once, until the token expires. */
class CachedJwtDecoderTest {

    private final KeyPair keys = keys();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private final NimbusJwtDecoder nimbus = decoder(keys.getPublic());
    private final JwtDecoder counting = token -> {
        verifications.incrementAndGet();
        return nimbus.decode(token);
    };
    private final CachedJwtDecoder cached = new CachedJwtDecoder(counting, 2, clock);

    @Test
    void a_token_sent_again_is_not_verified_again() {
        String token = token(keys, clock.instant().plus(Duration.ofMinutes(10)), "caller-1");

        Jwt first = cached.decode(token);
        Jwt second = cached.decode(token);

        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void an_expired_token_is_refused_although_it_was_verified_before() {
        String token = token(keys, clock.instant().plus(Duration.ofMinutes(10)), "caller-1");
        cached.decode(token);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThatThrownBy(() -> cached.decode(token)).isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_token_with_another_signature_is_verified_and_refused() throws Exception {
        String token = token(keys, clock.instant().plus(Duration.ofMinutes(10)), "caller-1");
        cached.decode(token);
        // the same header and claims signed by someone else's key
        String forged = token(keys(), clock.instant().plus(Duration.ofMinutes(10)), "caller-1");

        assertThatThrownBy(() -> cached.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cached.decode(forged)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void it_keeps_at_most_its_size_the_least_recently_used_leaving_first() {
        Instant exp = clock.instant().plus(Duration.ofMinutes(10));
        String a = token(keys, exp, "a");
        String b = token(keys, exp, "b");
        String c = token(keys, exp, "c");
        cached.decode(a);
        cached.decode(b);
        cached.decode(a);
        cached.decode(c);   // b leaves
        verifications.set(0);

        cached.decode(a);
        cached.decode(c);
        assertThat(verifications).hasValue(0);
        cached.decode(b);
        assertThat(verifications).hasValue(1);
    }

    private NimbusJwtDecoder decoder(java.security.PublicKey key) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) key).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        decoder.setJwtValidator(timestamps);
        return decoder;
    }

    private static String token(KeyPair keys, Instant expiresAt, String oid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), new JWTClaimsSet.Builder()
                    .subject(oid).claim("oid", oid).claim("tid", "tenant")
                    .issueTime(Date.from(expiresAt.minus(Duration.ofHours(1))))
                    .expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
