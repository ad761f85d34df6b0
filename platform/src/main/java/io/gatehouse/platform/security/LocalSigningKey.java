package io.gatehouse.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * For a first try only: when no issuer, JWK set or public key is configured, Gatehouse signs its own tokens
 * with a key kept in {@code gatehouse.local-token.key-file} and prints, at start-up, a token for the first
 * account owner (a Global Administrator and operator of a made-up tenant). Configure a real issuer for
 * anything else.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoTokenIssuerConfigured.class)
public class LocalSigningKey {

    private static final Logger log = LoggerFactory.getLogger(LocalSigningKey.class);
    static final String ISSUER = "gatehouse-local";

    private final RSAKey key;
    private final String ownerOid;
    private final String tenantId;

    public LocalSigningKey(@Value("${gatehouse.local-token.key-file:data/local-signing-key.json}") Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                JWKSet stored = JWKSet.parse(Files.readString(keyFile));
                this.key = (RSAKey) stored.getKeys().get(0);
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                // the first owner's ids are stored with the key, so the printed token stays the same person
                this.key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                        .privateKey((RSAPrivateKey) pair.getPrivate())
                        .keyID(UUID.randomUUID() + "|" + UUID.randomUUID() + "|" + UUID.randomUUID())
                        .build();
                Path parent = keyFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(keyFile, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write the local signing key " + keyFile, e);
        } catch (ParseException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not read or create the local signing key " + keyFile, e);
        }
        String[] ids = key.getKeyID().split("\\|");
        this.ownerOid = ids[1];
        this.tenantId = ids[2];
    }

    @Bean
    public JwtDecoder localJwtDecoder() {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
            return decoder;
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for the first account owner, valid for 30 days. */
    public String firstOwnerToken() {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(ownerOid)
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofDays(30)))
                .claims(c -> c.putAll(Map.of(
                        "oid", ownerOid,
                        "tid", tenantId,
                        "name", "First Owner",
                        "preferred_username", "owner@gatehouse.local",
                        "wids", List.of(Caller.GLOBAL_ADMINISTRATOR),
                        "roles", List.of(Caller.OPERATOR_ROLE))))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void printFirstOwnerToken() {
        log.warn("""

                ==== Gatehouse is using a LOCAL signing key: for a first try only ====
                No spring.security.oauth2.resourceserver.jwt issuer, JWK set or public key is configured.
                A token for the first account owner (tenant {}, Global Administrator, Gatehouse.Operator):

                Authorization: Bearer {}

                Configure a real issuer before anyone else uses this service.
                """, tenantId, firstOwnerToken());
    }
}
