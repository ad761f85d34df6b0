package io.gatehouse.query.freshness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.eventstore.ProjectionPositions;
import io.gatehouse.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.gatehouse.platform.eventstore.EventPositions.MIN_POSITION_HEADER;

/**
 * Read-your-writes: a query sent with {@code Gatehouse-Min-Position: n} answers only once its projection has
 * processed position {@code n}; after five seconds it gives up with 503 and {@code Retry-After}.
 */
@Component
public class MinPositionInterceptor implements HandlerInterceptor {

    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ProjectionPositions positions;
    private final ObjectMapper objectMapper;

    public MinPositionInterceptor(ProjectionPositions positions, ObjectMapper objectMapper) {
        this.positions = positions;
        this.objectMapper = objectMapper;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String header = request.getHeader(MIN_POSITION_HEADER);
        if (header == null || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        ReadsProjection projection = method.getBeanType().getAnnotation(ReadsProjection.class);
        if (projection == null) {
            return true;
        }
        long position;
        try {
            position = Long.parseLong(header.strip());
            if (position < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            write(response, HttpStatus.BAD_REQUEST, "validation",
                    MIN_POSITION_HEADER + " must be a position from a Gatehouse-Position header.",
                    List.of(new FieldError(MIN_POSITION_HEADER, "is not a non-negative whole number")));
            return false;
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        for (String name : projection.value()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!positions.awaitProcessed(name, position, left)) {
                response.setHeader("Retry-After", "1");
                write(response, HttpStatus.SERVICE_UNAVAILABLE, "projection-behind",
                        "The " + name + " projection has not reached position " + position + " yet; retry shortly.",
                        List.of());
                return false;
            }
        }
        return true;
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String detail,
                       List<FieldError> errors) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        objectMapper.writeValue(response.getOutputStream(), Problems.problem(status, type, detail, errors));
    }
}
