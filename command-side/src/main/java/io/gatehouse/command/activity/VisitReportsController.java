package io.gatehouse.command.activity;

import io.gatehouse.platform.web.Written;
import java.util.UUID;
import io.swagger.v3.oas.annotations.media.Schema;
import io.gatehouse.activity.PagesVisited;
import io.gatehouse.activity.PagesVisited.Visit;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.eventstore.EventPositions;
import io.gatehouse.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;


/**
 * The portal reports the caller's own page visits. A batch is one {@code PagesVisited} event published
 * straight to the event store: no aggregate has anything to decide about a visit, so visits never queue
 * behind membership commands and need no stream lock.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/activity")
@Tag(name = "Activity")
public class VisitReportsController {

    static final int MAX_VISITS = 100;
    static final int MAX_URL_LENGTH = 2_048;
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration RETENTION = Duration.ofDays(30);

    private final EventBus eventBus;
    private final AccessPolicy policy;
    private final EventPositions positions;
    private final Clock clock;

    public VisitReportsController(EventBus eventBus, AccessPolicy commandAccessPolicy, EventPositions positions) {
        this.eventBus = eventBus;
        this.policy = commandAccessPolicy;
        this.positions = positions;
        this.clock = Clock.systemUTC();
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping
    @Operation(summary = "Report the caller's own page visits (at most 100)")
    public ResponseEntity<Accepted> report(Caller caller, @PathVariable UUID accountId,
                                           @RequestBody List<VisitReport> body) {
        List<Visit> visits = visits(body);
        policy.requireMember(caller, accountId.toString());

        EventMessage<PagesVisited> event = GenericEventMessage.asEventMessage(
                new PagesVisited(accountId.toString(), caller.oid(), caller.tenantId(), visits));
        eventBus.publish(event);
        return Written.at(HttpStatus.ACCEPTED, positions.positionOfEvent(event.getIdentifier()))
                .body(new Accepted(visits.size()));
    }

    /** A visit as the portal reports it; checked here, item by item, so that every bad one is named in order. */
    public record VisitReport(String url, @Schema(format = "date-time") String visitedAt) {
    }

    /** How many visits were recorded. */
    public record Accepted(int accepted) {
    }

    private List<Visit> visits(List<VisitReport> body) {
        List<FieldError> errors = new ArrayList<>();
        List<Visit> visits = new ArrayList<>();
        if (body == null) {
            throw Rejection.invalid("The body must be a list of visits.", List.of(new FieldError("body",
                    "must be a list of {\"url\", \"visitedAt\"}")));
        }
        if (body.isEmpty() || body.size() > MAX_VISITS) {
            throw Rejection.invalid("Report 1 to " + MAX_VISITS + " visits at a time.", List.of(new FieldError("body",
                    "must have 1 to " + MAX_VISITS + " visits")));
        }
        Instant now = clock.instant();
        for (int i = 0; i < body.size(); i++) {
            VisitReport item = body.get(i);
            String url = item == null ? null : item.url();
            String visitedAtText = item == null ? null : item.visitedAt();
            if (url == null) {
                errors.add(new FieldError("[" + i + "].url", "is required"));
            } else if (url.length() > MAX_URL_LENGTH) {
                errors.add(new FieldError("[" + i + "].url", "must be at most " + MAX_URL_LENGTH + " characters"));
            } else if (!isWebUrl(url)) {
                errors.add(new FieldError("[" + i + "].url", "must be an absolute http or https URL"));
            }
            Instant visitedAt = null;
            if (visitedAtText == null) {
                errors.add(new FieldError("[" + i + "].visitedAt", "is required"));
            } else {
                try {
                    visitedAt = Instant.parse(visitedAtText);
                    if (visitedAt.isAfter(now.plus(CLOCK_SKEW))) {
                        errors.add(new FieldError("[" + i + "].visitedAt", "is in the future"));
                    } else if (visitedAt.isBefore(now.minus(RETENTION))) {
                        errors.add(new FieldError("[" + i + "].visitedAt", "is older than 30 days"));
                    }
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError("[" + i + "].visitedAt", "must be an ISO-8601 instant"));
                }
            }
            visits.add(new Visit(url, visitedAt));
        }
        if (!errors.isEmpty()) {
            throw Rejection.invalid("Some visits are not valid; none was recorded.", errors);
        }
        return visits;
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
