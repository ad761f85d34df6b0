package io.gatehouse.command;

import io.gatehouse.directory.DirectoryException;
import io.gatehouse.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/**
 * A directory look-up made while answering a request (a picker search, a uniqueness check, the objects to add)
 * that the directory could not answer is the directory's failure, not ours: 503 with {@code Retry-After} when
 * trying again can help (throttled, unavailable, timed out), 502 when the directory refused the look-up.
 * Ahead of the platform's catch-all, which would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DirectoryFailures {

    private static final Logger log = LoggerFactory.getLogger(DirectoryFailures.class);

    @ExceptionHandler(DirectoryException.class)
    public ResponseEntity<ProblemDetail> directoryFailed(DirectoryException e) {
        log.warn("A directory look-up failed: {} {} ({})", e.reason(), e.code(), e.getMessage());
        if (e.reason().isTransient()) {
            long seconds = Math.max(1, e.retryAfter() == null ? 5 : e.retryAfter().toSeconds());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "directory-unavailable",
                            "The directory is busy or unreachable; nothing was changed. Retry after " + seconds
                                    + " s.", List.of()));
        }
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(HttpStatus.BAD_GATEWAY, "directory-refused", "The directory refused a "
                        + "look-up Gatehouse needed (" + (e.code() == null ? e.reason() : e.code()) + ": "
                        + e.getMessage() + "); nothing was changed.", List.of()));
    }
}
