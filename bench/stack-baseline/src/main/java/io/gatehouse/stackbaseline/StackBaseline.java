package io.gatehouse.stackbaseline;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The stack baseline of issue 14: Gatehouse's {@code PUT /api/v1/accounts/{accountId}/members/{memberId}/access}
 * with only the work that decides its answer, on Gatehouse's stack: the bearer token validated by Spring Security's
 * resource server (the same RS256 public key), the roles in the body validated, one authorization read of
 * Gatehouse's own lookups (the caller owns the account, the member is in it and in the caller's tenant), one durable
 * insert of an event row with the member's next sequence number (autocommit: the answer comes after the commit),
 * and the answer with the member's version as ETag and the row's position. Its events go to a copy of
 * {@code domain_event_entry} in schema {@value #SCHEMA}, so Gatehouse's own store is not touched.
 */
@SpringBootApplication
@RestController
public class StackBaseline {

    static final String SCHEMA = "gatehouse_bench_stack";
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> ROLES = Set.of("MANAGER", "DEVELOPER", "BUSINESS_CONTRIBUTOR",
            "FINANCE_CONTRIBUTOR", "MARKETER");

    private final JdbcTemplate jdbc;

    public StackBaseline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA
                + ".domain_event_entry (LIKE public.domain_event_entry INCLUDING ALL)");
    }

    public static void main(String[] args) {
        SpringApplication.run(StackBaseline.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> { }))
                .build();
    }

    @PutMapping("/api/v1/accounts/{accountId}/members/{memberId}/access")
    public ResponseEntity<Map<String, Object>> changeAccess(@PathVariable String accountId,
                                                            @PathVariable String memberId,
                                                            @AuthenticationPrincipal Jwt token,
                                                            @RequestBody JsonNode body) {
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
        List<String[]> facts = jdbc.query("SELECT a.owner_oid, (SELECT m.tenant_id FROM member_lookup m "
                        + "WHERE m.account_id = a.account_id AND m.member_id = ?) FROM account_lookup a "
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

        // one durable insert (autocommit): the member's next version, refused by the unique key if taken meanwhile
        String payload = "{\"memberId\":\"" + memberId + "\",\"accountId\":\"" + accountId
                + "\",\"access\":{\"roles\":[\"" + String.join("\",\"", names) + "\"]},\"actor\":{\"objectId\":\""
                + oid + "\"}}";
        long[] stored;
        try {
            stored = jdbc.queryForObject("INSERT INTO " + SCHEMA + ".domain_event_entry (event_identifier, "
                            + "aggregate_identifier, sequence_number, type, timestamp, payload_type, payload_revision, "
                            + "payload, meta_data) SELECT ?, ?, coalesce(max(sequence_number) + 1, 0), 'Membership', ?, "
                            + "'AccessReplaced', NULL, ?, ? FROM " + SCHEMA + ".domain_event_entry "
                            + "WHERE aggregate_identifier = ? RETURNING global_index, sequence_number",
                    (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}, UUID.randomUUID().toString(), memberId,
                    Instant.now().toString(), payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), memberId);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the member changed meanwhile");
        }

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId);
        answer.put("access", Map.of("roles", names));
        return ResponseEntity.ok()
                .eTag("\"" + stored[1] + "\"")
                .header("Gatehouse-Position", Long.toString(stored[0]))
                .body(answer);
    }
}
