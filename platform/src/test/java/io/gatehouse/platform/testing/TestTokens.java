package io.gatehouse.platform.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The tests' own token issuer: an RSA key whose public half the service is configured with
 * ({@code public-key-location}), as a real deployment is with Azure AD's. Tokens carry Azure AD's claims.
 */
public final class TestTokens {

    public static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    public static final Path PUBLIC_KEY = Path.of("target", "test-jwt-public.pem").toAbsolutePath();
    // derived from fixed seeds: every test JVM (parallel runs included) signs with the same key
    private static final KeyPair KEYS = generate("gatehouse-tests");
    private static final KeyPair STRANGER_KEYS = generate("a stranger's issuer");

    static {
        try {
            Files.createDirectories(PUBLIC_KEY.getParent());
            Files.writeString(PUBLIC_KEY, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestTokens() {
    }

    /** Makes sure the public key file exists before a Spring context reads its location. */
    public static void init() {
    }

    /** A person signed in to a tenant. */
    public static Person person(String name, String tenantId) {
        return new Person(UUID.randomUUID().toString(), tenantId, name, List.of(), List.of(), List.of());
    }

    public static String newTenant() {
        return UUID.randomUUID().toString();
    }

    public record Person(String oid, String tenantId, String name, List<String> groups, List<String> wids,
                         List<String> roles) {

        public Person globalAdministrator() {
            return new Person(oid, tenantId, name, groups, List.of(GLOBAL_ADMINISTRATOR), roles);
        }

        public Person operator() {
            return new Person(oid, tenantId, name, groups, wids, List.of("Gatehouse.Operator"));
        }

        public Person inGroups(String... groupObjectIds) {
            List<String> all = new ArrayList<>(groups);
            all.addAll(List.of(groupObjectIds));
            return new Person(oid, tenantId, name, all, wids, roles);
        }

        /** The same directory object signed in to another tenant (as the owner does to associate one). */
        public Person signedInTo(String otherTenantId) {
            return new Person(oid, otherTenantId, name, groups, wids, roles);
        }

        public String username() {
            return name.toLowerCase().replace(' ', '.') + "@contoso.com";
        }

        public String token() {
            return sign(KEYS, claims(Instant.now().plusSeconds(3600)).build());
        }

        public String expiredToken() {
            return sign(KEYS, claims(Instant.now().minusSeconds(3600)).build());
        }

        /** Signed by a key the service does not trust. */
        public String forgedToken() {
            return sign(STRANGER_KEYS, claims(Instant.now().plusSeconds(3600)).build());
        }

        public String tokenWithoutTenant() {
            return sign(KEYS, claims(Instant.now().plusSeconds(3600)).claim("tid", null).build());
        }

        private JWTClaimsSet.Builder claims(Instant expiry) {
            return new JWTClaimsSet.Builder()
                    .issuer("https://login.test/" + tenantId + "/v2.0")
                    .subject(oid)
                    .issueTime(new Date())
                    .expirationTime(Date.from(expiry))
                    .claim("oid", oid)
                    .claim("tid", tenantId)
                    .claim("name", name)
                    .claim("preferred_username", username())
                    .claim("groups", groups)
                    .claim("wids", wids)
                    .claim("roles", roles);
        }
    }

    private static String sign(KeyPair keys, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            generator.initialize(2048, random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
