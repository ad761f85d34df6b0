package io.gatehouse.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints RS256 tokens shaped like Entra ID's: oid, tid, name, preferred_username, wids, groups, roles. */
final class Tokens {

    static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    static final String OPERATOR_ROLE = "Gatehouse.Operator";

    /** A caller: its directory object id and the tenant it signs in to. */
    record Identity(String oid, String tid, String name, String username, boolean globalAdministrator,
                    boolean operator) {
        static Identity owner(String name) {
            String oid = UUID.randomUUID().toString();
            return new Identity(oid, UUID.randomUUID().toString(), name, name.toLowerCase().replace(' ', '.')
                    + "@bench.example", true, true);
        }
    }

    private final RSAPrivateKey key;

    Tokens(RSAPrivateKey key) {
        this.key = key;
    }

    /** A token valid for {@code lifetime}; the bench mints one per identity and run. */
    String token(Identity who, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("https://login.microsoftonline.com/" + who.tid() + "/v2.0")
                .subject(who.oid())
                .audience("api://gatehouse-bench")
                .issueTime(Date.from(now.minusSeconds(5)))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("oid", who.oid())
                .claim("tid", who.tid())
                .claim("name", who.name())
                .claim("preferred_username", who.username())
                .claim("groups", List.of());
        if (who.globalAdministrator()) {
            claims.claim("wids", List.of(GLOBAL_ADMINISTRATOR));
        }
        if (who.operator()) {
            claims.claim("roles", List.of(OPERATOR_ROLE));
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gatehouse-bench").build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
