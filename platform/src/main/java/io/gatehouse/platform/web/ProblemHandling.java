package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.eventstore.CommandRefusal;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure into a problem document: rule violations into the 4xx their kind calls for, bad input
 * into a 400 naming the field, anything unexpected into a 500 that says nothing about the internals.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @ExceptionHandler(Rejection.class)
    public ResponseEntity<ProblemDetail> rejected(Rejection rejection) {
        HttpStatus status = switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
        return respond(status, rejection.problemType(), rejection.getMessage(), rejection.errors());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        if (e.getRequiredType() == java.util.UUID.class) {
            boolean inPath = e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
            return respond(HttpStatus.BAD_REQUEST, "validation", inPath ? "The URL has a malformed id."
                    : "The query has invalid parameters.", List.of(new FieldError(e.getName(), "is not a valid id (a GUID)")));
        }
        return respond(HttpStatus.BAD_REQUEST, "validation", "Parameter " + e.getName() + " is malformed.",
                List.of(new FieldError(e.getName(), "is not a valid value")));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof Rejection rejection) {
                return rejected(rejection);
            }
            if (cause instanceof ConflictingAggregateVersionException) {
                return respond(HttpStatus.PRECONDITION_FAILED, "precondition-failed",
                        "The member has changed since the version given in If-Match; read it again.", List.of());
            }
            if (cause instanceof AggregateNotFoundException) {
                return respond(HttpStatus.NOT_FOUND, "not-found", "No such resource.", List.of());
            }
            if (cause instanceof CommandExecutionException remote && CommandRefusal.of(remote).isPresent()) {
                return rejected(CommandRefusal.of(remote).get().toRejection());
            }
            if (CommandRefusal.isUnreachable(cause)) {
                // the node that owns the command is gone or unreachable: the client may retry shortly
                log.warn("A command could not be handled by the cluster: {}", cause.toString());
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                        .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                                "The write could not reach the node that handles it; retry shortly.", List.of()));
            }
            if (cause instanceof DuplicateKeyException || cause instanceof ConcurrencyException) {
                return respond(HttpStatus.CONFLICT, "conflict",
                        "A concurrent change got there first; read the current state and try again.", List.of());
            }
            cause = cause.getCause();
        }
        log.error("Unexpected failure", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return raw(respond(HttpStatus.BAD_REQUEST, "validation", "The request body has a field of the wrong type.",
                    List.of(new FieldError(field, "has the wrong type or format"))));
        }
        return raw(respond(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is missing or is not valid JSON.", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        // a typed body that Bean Validation refused: one entry per bad field, as for every other 400
        List<FieldError> errors = ex.getBindingResult().getAllErrors().stream().map(BodyErrors::of).toList();
        return raw(rejected(BodyErrors.invalid(errors)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        // Spring's own 4xx (unknown route, wrong method, media type): keep its status, in our problem shape
        if (body instanceof ProblemDetail detail) {
            HttpStatus status = HttpStatus.valueOf(statusCode.value());
            ProblemDetail ours = Problems.problem(status, slug(status), detail.getDetail(), List.of());
            return new ResponseEntity<>(ours, headers, statusCode);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            org.springframework.web.bind.ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String field = ex instanceof MissingRequestHeaderException header ? header.getHeaderName() : "request";
        return raw(respond(HttpStatus.BAD_REQUEST, "validation", ex.getMessage(),
                List.of(new FieldError(field, "is required"))));
    }

    static ResponseEntity<ProblemDetail> respond(HttpStatus status, String type, String detail, List<FieldError> errors) {
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(status, type, detail, errors));
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> raw(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
