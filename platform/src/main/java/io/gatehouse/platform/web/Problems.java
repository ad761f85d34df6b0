package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem documents, the only shape an error takes. */
public final class Problems {

    public static final String TYPE_BASE = "https://gatehouse.io/problems/";

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, String type, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors.stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList());
        }
        return problem;
    }
}
