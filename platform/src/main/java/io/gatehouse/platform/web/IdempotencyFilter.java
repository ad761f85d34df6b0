package io.gatehouse.platform.web;

import io.gatehouse.platform.ids.RandomIds;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.messaging.Rejection.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code Idempotency-Key} on POST: the first answer (anything but a 5xx) is kept for 24 hours per caller and
 * key; a retry with the same body gets it again without a second effect, the same key with another body gets
 * 422, and a retry while the first is still running gets 409. A claim holds for a lease that this process renews
 * while the request runs: a request whose process died stops renewing, and once its lease has passed a retry
 * claims the key again and runs.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag", "Gatehouse-Position", "Retry-After");

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final Duration lease;
    /** Claims of requests running in this process: their leases are renewed while they run. */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "idempotency-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    public IdempotencyFilter(JdbcTemplate jdbc, ObjectMapper objectMapper, Duration lease) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.lease = lease;
        // a live request keeps its key however long it takes; only a dead process's claim runs out
        long every = Math.max(200, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewLeases() {
        if (running.isEmpty()) return;
        try {
            jdbc.update("UPDATE idempotent_request SET lease_expires_at = now() + ?::interval "
                            + "WHERE claim_id = ANY (?::uuid[]) AND NOT completed", lease.toMillis() + " milliseconds",
                    running.stream().map(UUID::toString).toArray(String[]::new));
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of running idempotent requests: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        renewals.shutdownNow();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String key = request.getHeader(HEADER);
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isBlank() || key.length() > 255) {
            problem(response, HttpStatus.BAD_REQUEST, "validation", "Idempotency-Key must be 1 to 255 characters.",
                    List.of(new FieldError(HEADER, "must be 1 to 255 characters")));
            return;
        }
        String caller = authentication.getName();
        byte[] body = request.getInputStream().readAllBytes();
        String hash = requestHash(request.getRequestURI(), body);

        // one statement claims a new key, a key whose answer is older than the retention, or a key whose claim
        // has outlived its lease for the same request (its process died); anything else is replayed or refused
        UUID claim = RandomIds.uuid();
        int claimed = jdbc.update("INSERT INTO idempotent_request AS r (caller_oid, idempotency_key, request_hash, "
                        + "lease_expires_at, claim_id) VALUES (?, ?, ?, now() + ?::interval, ?) "
                        + "ON CONFLICT (caller_oid, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                        + "created_at = now(), completed = FALSE, status = NULL, content_type = NULL, headers = NULL, "
                        + "body = NULL, lease_expires_at = EXCLUDED.lease_expires_at, claim_id = EXCLUDED.claim_id "
                        + "WHERE r.created_at < now() - ?::interval OR (NOT r.completed "
                        + "AND r.request_hash = EXCLUDED.request_hash "
                        + "AND coalesce(r.lease_expires_at, r.created_at) < now())",
                caller, key, hash, lease.toMillis() + " milliseconds", claim, RETENTION.toHours() + " hours");
        if (claimed == 0) {
            replay(caller, key, hash, response);
            return;
        }
        running.add(claim);

        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
            if (recorded.getStatus() < 500) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : REPLAYED_HEADERS) {
                    if (recorded.getHeader(name) != null) headers.put(name, recorded.getHeader(name));
                }
                // only our own claim: a retry that took the key over after our lease keeps its answer
                jdbc.update("UPDATE idempotent_request SET completed = TRUE, status = ?, content_type = ?, "
                                + "headers = ?::jsonb, body = ? WHERE caller_oid = ? AND idempotency_key = ? "
                                + "AND claim_id = ?",
                        recorded.getStatus(), recorded.getContentType(), objectMapper.writeValueAsString(headers),
                        recorded.getContentAsByteArray(), caller, key, claim);
                kept = true;
            }
        } finally {
            running.remove(claim);
            if (!kept) {
                // a failure on our side is not an answer: let the client retry with the same key
                jdbc.update("DELETE FROM idempotent_request WHERE caller_oid = ? AND idempotency_key = ? "
                        + "AND claim_id = ?", caller, key, claim);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void replay(String caller, String key, String hash, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT request_hash, completed, status, content_type, "
                + "headers::text AS headers, body, greatest(1, ceil(extract(epoch FROM "
                + "coalesce(lease_expires_at, created_at) - now())))::int AS lease_left "
                + "FROM idempotent_request WHERE caller_oid = ? AND idempotency_key = ?", caller, key);
        if (rows.isEmpty()) {
            problem(response, HttpStatus.CONFLICT, "idempotency-in-progress",
                    "A request with this Idempotency-Key is being processed; retry shortly.", List.of());
            return;
        }
        Map<String, Object> row = rows.get(0);
        if (!hash.equals(row.get("request_hash"))) {
            problem(response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "This Idempotency-Key was used with another request body; use a new key.",
                    List.of(new FieldError(HEADER, "was used with another request body")));
            return;
        }
        if (!Boolean.TRUE.equals(row.get("completed"))) {
            response.setHeader("Retry-After", String.valueOf(row.get("lease_left")));
            problem(response, HttpStatus.CONFLICT, "idempotency-in-progress",
                    "A request with this Idempotency-Key is being processed; retry shortly.", List.of());
            return;
        }
        response.setStatus((Integer) row.get("status"));
        Map<String, String> headers = objectMapper.readValue((String) row.get("headers"), new TypeReference<>() {
        });
        headers.forEach(response::setHeader);
        response.setHeader("Idempotent-Replayed", "true");
        if (row.get("content_type") != null) response.setContentType((String) row.get("content_type"));
        byte[] body = (byte[]) row.get("body");
        if (body != null) response.getOutputStream().write(body);
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type, String detail,
                         List<FieldError> errors) throws IOException {
        ProblemDetail problem = Problems.problem(status, type, detail, errors);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    /** What makes two requests with one key the same request: the path and the body, byte for byte. */
    public static String requestHash(String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
