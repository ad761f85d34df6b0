package io.gatehouse.query.history;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.web.Paging;
import jakarta.validation.Valid;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springdoc.core.annotations.ParameterObject;
import java.time.Instant;
import io.gatehouse.query.freshness.ReadsProjection;
import io.gatehouse.query.history.HistoryViews.Entry;
import io.gatehouse.query.history.HistoryViews.Filter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The account's membership history, for auditors: a page of JSON, or every entry as NDJSON. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/history")
@ReadsProjection({HistoryProjection.NAME, io.gatehouse.query.userslist.UsersListProjection.NAME})
@Tag(name = "Audit")
public class HistoryController {

    public static final String NDJSON = "application/x-ndjson";

    private final HistoryViews history;
    private final AccessPolicy policy;
    private final ObjectMapper json;

    public HistoryController(HistoryViews history, AccessPolicy queryAccessPolicy, ObjectMapper json) {
        this.history = history;
        this.policy = queryAccessPolicy;
        this.json = json;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The account's membership events in the order they happened, paged")
    public HistoryPage page(Caller caller, @PathVariable UUID accountId, @Valid @ParameterObject HistoryQuery query) {
        Filter filter = query.filter();
        int pageNumber = Paging.page(query.page());
        int pageSize = Paging.size(query.size());
        policy.requireMember(caller, accountId.toString());
        return new HistoryPage(history.page(accountId.toString(), filter, pageNumber, pageSize).stream()
                .map(HistoryController::item).toList(), pageNumber, pageSize, history.count(accountId.toString(), filter));
    }

    @GetMapping(produces = NDJSON)
    @Operation(summary = "Every matching history entry, one JSON object per line, streamed from a database cursor")
    public ResponseEntity<StreamingResponseBody> stream(Caller caller, @PathVariable UUID accountId,
                                                        @Valid @ParameterObject HistoryQuery query) {
        Filter filter = query.filter();
        policy.requireMember(caller, accountId.toString());
        // one JSON generator over a buffered stream; details are copied as stored, not parsed and written again
        StreamingResponseBody body = out -> {
            try (com.fasterxml.jackson.core.JsonGenerator generator = json.getFactory()
                    .createGenerator(new java.io.BufferedOutputStream(out, 64 * 1024))) {
                generator.setRootValueSeparator(null);
                history.stream(accountId.toString(), filter, entry -> writeLine(generator, entry));
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    private static void writeLine(com.fasterxml.jackson.core.JsonGenerator out, HistoryViews.RawEntry entry) {
        try {
            out.writeStartObject();
            out.writeNumberField("position", entry.position());
            out.writeStringField("timestamp", entry.timestamp().toString());
            out.writeStringField("type", entry.type());
            out.writeObjectFieldStart("actor");
            if (byTheDirectory(entry.actorOid())) {
                out.writeBooleanField("directory", true);
            } else {
                out.writeStringField("oid", entry.actorOid());
                out.writeStringField("name", entry.actorName());
            }
            out.writeEndObject();
            out.writeStringField("memberId", entry.memberId());
            out.writeFieldName("details");
            out.writeRawValue(entry.detailsJson());
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HistoryItem item(Entry entry) {
        return new HistoryItem(entry.position(), entry.timestamp(), entry.type(), Actor.of(entry), entry.memberId(),
                entry.details());
    }

    /** A page of the account's history, in the order things happened. */
    public record HistoryPage(List<HistoryItem> items, int page, int size, long total) {
    }

    /** One history entry; {@code details} are the event's own fields, which differ by type. */
    public record HistoryItem(long position, Instant timestamp, String type, Actor actor, String memberId,
                              @Schema(type = "object", description = "the event's fields, by type") JsonNode details) {
    }

    /** Who caused it: a person ({@code oid}, {@code name}), or the directory for a change made outside Gatehouse. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Actor(String oid, String name, Boolean directory) {

        static Actor of(Entry entry) {
            return byTheDirectory(entry.actorOid()) ? new Actor(null, null, true)
                    : new Actor(entry.actorOid(), entry.actorName(), null);
        }
    }

    /** A change made outside Gatehouse, as API.md shows it: {@code "actor": {"directory": true}}. */
    private static boolean byTheDirectory(String actorOid) {
        return io.gatehouse.messaging.Actor.DIRECTORY.oid().equals(actorOid);
    }
}
