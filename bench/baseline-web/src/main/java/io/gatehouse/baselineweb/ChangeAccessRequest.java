package io.gatehouse.baselineweb;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The web part of issue 14's baselines ({@code bench/stack-baseline}, {@code bench/axon-baseline}; each adds this
 * directory to its sources): Gatehouse's {@code PUT .../members/{memberId}/access} checked with only what decides its
 * answer. The path's GUIDs, the token's {@code oid} and {@code tid}, the roles in the body, and one authorization
 * read of Gatehouse's own lookups (the caller owns the account, the member is in it and in the caller's tenant).
 */
public record ChangeAccessRequest(String accountId, String memberId, String callerOid, List<String> roles) {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> ROLES = Set.of("MANAGER", "DEVELOPER", "BUSINESS_CONTRIBUTOR",
            "FINANCE_CONTRIBUTOR", "MARKETER");

    /** The request, or the 400, 401, 403 or 404 Gatehouse would answer. */
    public static ChangeAccessRequest authorized(JdbcTemplate jdbc, String accountId, String memberId, Jwt token,
                                                 JsonNode body) {
        if (!GUID.matcher(accountId).matches() || !GUID.matcher(memberId).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "accountId and memberId must be GUIDs");
        }
        String oid = token.getClaimAsString("oid");
        String tid = token.getClaimAsString("tid");
        if (oid == null || tid == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "no oid or tid claim");
        }
        JsonNode roles = body == null ? null : body.get("roles");
        if (roles == null || !roles.isArray() || roles.isEmpty() || body.size() != 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body must be {\"roles\": [...]}");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode role : roles) {
            if (!role.isTextual() || !ROLES.contains(role.asText())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown role " + role);
            }
            names.add(role.asText());
        }

        // one authorization read: the account's owner and the member's tenant
        List<String[]> facts = jdbc.query("SELECT a.owner_oid, (SELECT m.tenant_id FROM public.member_lookup m "
                        + "WHERE m.account_id = a.account_id AND m.member_id = ?) FROM public.account_lookup a "
                        + "WHERE a.account_id = ?",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, memberId, accountId);
        if (facts.isEmpty() || !oid.equals(facts.get(0)[0])) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "no access to this account");
        }
        if (facts.get(0)[1] == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such member");
        }
        if (!tid.equals(facts.get(0)[1])) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "sign in to the member's tenant");
        }
        return new ChangeAccessRequest(accountId, memberId, oid, List.copyOf(names));
    }

    /** Stateless, bearer tokens only (the RS256 public key comes from the command line), health open. */
    public static SecurityFilterChain securityChain(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> { }))
                .build();
    }
}
