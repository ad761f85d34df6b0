package io.gatehouse.directory.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the Graph SDK and azure-identity throw into a {@link DirectoryException}. Its message is only ever
 * Graph's (or the token endpoint's) own error message, or the name of a network failure: never a request body, so
 * never a password or a key.
 */
final class GraphFailures {

    private GraphFailures() {
    }

    /** The directory failure {@code e} stands for, or null when it is none (a bug of ours: let it through). */
    static DirectoryException map(RuntimeException e) {
        if (e instanceof DirectoryException directory) {
            return directory;
        }
        if (e instanceof ApiException api) {
            return fromGraph(api);
        }
        // the token endpoint's answer arrives wrapped (RuntimeException, ExecutionException, MsalServiceException)
        MsalServiceException refused = cause(e, MsalServiceException.class);
        if (refused != null) {
            return fromTokenEndpoint(refused, e);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new DirectoryException(Reason.UNAVAILABLE, null, "No complete answer from Microsoft Graph: "
                    + network.getClass().getSimpleName() + (network.getMessage() == null ? "" : " " + network.getMessage()),
                    null, e);
        }
        if (e instanceof ClientAuthenticationException) {
            return new DirectoryException(Reason.FORBIDDEN, null, e.getMessage(), null, e);
        }
        return null;
    }

    private static DirectoryException fromGraph(ApiException api) {
        int status = api.getResponseStatusCode();
        String code = null;
        String message = null;
        if (api instanceof ODataError odata && odata.getError() != null) {
            code = odata.getError().getCode();
            message = odata.getError().getMessage();
        }
        if (message == null || message.isBlank()) {
            message = "Microsoft Graph answered " + status + ".";
        }
        Duration retryAfter = retryAfter(api.getResponseHeaders());
        return new DirectoryException(reason(status, code, message), code, message, retryAfter, api);
    }

    static Reason reason(int status, String code, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 429) {
            return Reason.THROTTLED;
        }
        if (status == 410) {
            return Reason.EXPIRED;
        }
        if (status >= 500) {
            return Reason.UNAVAILABLE;
        }
        if (status == 404 || "Request_ResourceNotFound".equals(code)) {
            return Reason.NOT_FOUND;
        }
        if (status == 401 || status == 403 || "Authorization_RequestDenied".equals(code)) {
            return Reason.FORBIDDEN;
        }
        // duplicates are 400 Request_BadRequest "Another object with the same value for property ... already
        // exists." (userPrincipalName, identifierUris, mailNickname, servicePrincipalNames) or "A conflicting
        // object ... is present in the directory." (role assignments)
        if (status == 409 || lower.contains("already exist") || lower.contains("conflicting object")) {
            return Reason.CONFLICT;
        }
        return Reason.REJECTED;
    }

    /** The token endpoint refused: wrong secret, or the app registration is not consented in this tenant. */
    private static DirectoryException fromTokenEndpoint(MsalServiceException refused, RuntimeException e) {
        Integer status = refused.statusCode();
        String message = refused.getMessage();
        if (status != null && status == 429) {
            return new DirectoryException(Reason.THROTTLED, refused.errorCode(), message, retryAfter(refused.headers()), e);
        }
        if (status != null && status >= 500) {
            return new DirectoryException(Reason.UNAVAILABLE, refused.errorCode(), message, null, e);
        }
        return new DirectoryException(Reason.FORBIDDEN, refused.errorCode(), message, null, e);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Map<String, ? extends Collection<String>> headers) {
        if (headers == null) {
            return null;
        }
        Collection<String> values = headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Retry-After"))
                .<Collection<String>>map(Map.Entry::getValue).findFirst().orElse(List.of());
        for (String value : values) {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration wait = Duration.between(Instant.now(), at);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (RuntimeException notADate) {
                    // unreadable: say nothing rather than guess
                }
            }
        }
        return null;
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return t;
            }
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
