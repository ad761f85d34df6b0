package io.gatehouse.stackbaseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.baselineweb.ChangeAccessRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stack baseline of issue 14: Gatehouse's {@code PUT /api/v1/accounts/{accountId}/members/{memberId}/access}
 * with only the work that decides its answer, on Gatehouse's stack: the bearer token validated by Spring Security's
 * resource server (the same RS256 public key), then {@link ChangeAccessRequest} (the roles, one authorization read of
 * Gatehouse's own lookups), one durable insert of an event row with the member's next sequence number (autocommit:
 * the answer comes after the commit), and the answer with the member's version as ETag and the row's position. Its events go to a copy of
 * {@code domain_event_entry} in schema {@value #SCHEMA}, so Gatehouse's own store is not touched.
 */
@SpringBootApplication
@RestController
public class StackBaseline {

    static final String SCHEMA = "gatehouse_bench_stack";

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
        return ChangeAccessRequest.securityChain(http);
    }

    @PutMapping("/api/v1/accounts/{accountId}/members/{memberId}/access")
    public ResponseEntity<Map<String, Object>> changeAccess(@PathVariable String accountId,
                                                            @PathVariable String memberId,
                                                            @AuthenticationPrincipal Jwt token,
                                                            @RequestBody JsonNode body) {
        ChangeAccessRequest request = ChangeAccessRequest.authorized(jdbc, accountId, memberId, token, body);
        List<String> names = request.roles();
        String oid = request.callerOid();

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
