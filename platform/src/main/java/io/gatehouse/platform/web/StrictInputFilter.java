package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.messaging.Rejection.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, before anything runs, what cannot be read exactly once: a body or a query string that is not valid
 * UTF-8 (overlong forms, encoded surrogates, truncated sequences), a malformed percent-encoding, and query
 * parameters with characters that cannot be stored ({@link Text}). JSON's own strictness (trailing tokens,
 * duplicate keys) is Jackson's, and the strings inside a body are checked once parsed ({@link StrictJsonStrings}).
 */
public class StrictInputFilter extends OncePerRequestFilter {

    /** The largest body Gatehouse reads: 1 MiB. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final ObjectMapper objectMapper;

    public StrictInputFilter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<FieldError> errors = queryErrors(request.getQueryString());
        if (!errors.isEmpty()) {
            problem(response, HttpStatus.BAD_REQUEST, "validation",
                    "The query has invalid parameters; nothing was changed.", errors);
            return;
        }
        if (!hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        // read whole before anything runs, so a body has a ceiling (a visit batch of 100 is well under it)
        byte[] body = request.getContentLengthLong() > MAX_BODY_BYTES ? null
                : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body == null || body.length > MAX_BODY_BYTES) {
            problem(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "The request body is larger than "
                    + MAX_BODY_BYTES / 1024 + " KiB; nothing was changed.", List.of());
            return;
        }
        if (!isUtf8(body)) {
            problem(response, HttpStatus.BAD_REQUEST, "malformed-body",
                    "The request body is not valid UTF-8; nothing was changed.",
                    List.of(new FieldError("body", "must be UTF-8")));
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static List<FieldError> queryErrors(String query) {
        List<FieldError> errors = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return errors;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String field = name == null || Text.problem(name) != null ? "query" : name;
            if (name == null || value == null) {
                errors.add(new FieldError(field, "is not valid percent-encoded UTF-8"));
            } else if (Text.problem(name) != null) {
                errors.add(new FieldError(field, "has a parameter name that " + Text.problem(name)));
            } else if (Text.problem(value) != null) {
                errors.add(new FieldError(field, Text.problem(value)));
            }
        }
        return errors;
    }

    /** Percent-decodes strictly: a malformed escape or bytes that are not UTF-8 answer null. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return null;
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) return null;
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7F) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        byte[] decoded = bytes.toByteArray();
        return isUtf8(decoded) ? new String(decoded, StandardCharsets.UTF_8) : null;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type, String detail,
                         List<FieldError> errors) throws IOException {
        ProblemDetail problem = Problems.problem(status, type, detail, errors);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
