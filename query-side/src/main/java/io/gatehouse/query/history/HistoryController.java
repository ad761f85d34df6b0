package io.gatehouse.query.history;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.web.QueryParams;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

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
    public Map<String, Object> page(Caller caller, @PathVariable UUID accountId,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String memberId,
                                    @RequestParam(defaultValue = "0") String page,
                                    @RequestParam(defaultValue = "50") String size) {
        Filter filter = filter(accountId.toString(), from, to, memberId);
        QueryParams params = new QueryParams();
        int pageNumber = params.page(page);
        int pageSize = params.size(size);
        params.validOrThrow();
        policy.requireMember(caller, accountId.toString());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", history.page(accountId.toString(), filter, pageNumber, pageSize).stream()
                .map(HistoryController::item).toList());
        answer.put("page", pageNumber);
        answer.put("size", pageSize);
        answer.put("total", history.count(accountId.toString(), filter));
        return answer;
    }

    @GetMapping(produces = NDJSON)
    @Operation(summary = "Every matching history entry, one JSON object per line, streamed from a database cursor")
    public ResponseEntity<StreamingResponseBody> stream(Caller caller, @PathVariable UUID accountId,
                                                        @RequestParam(required = false) String from,
                                                        @RequestParam(required = false) String to,
                                                        @RequestParam(required = false) String memberId) {
        Filter filter = filter(accountId.toString(), from, to, memberId);
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

    private Filter filter(String accountId, String from, String to, String memberId) {
        QueryParams params = new QueryParams();
        Filter filter = new Filter(params.instant("from", from), params.instant("to", to),
                params.guid("memberId", memberId));
        params.validOrThrow();
        return filter;
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

    static Map<String, Object> item(Entry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("position", entry.position());
        item.put("timestamp", entry.timestamp());
        item.put("type", entry.type());
        Map<String, Object> actor = new LinkedHashMap<>();
        if (byTheDirectory(entry.actorOid())) {
            actor.put("directory", true);
        } else {
            actor.put("oid", entry.actorOid());
            actor.put("name", entry.actorName());
        }
        item.put("actor", actor);
        item.put("memberId", entry.memberId());
        item.put("details", entry.details());
        return item;
    }

    /** A change made outside Gatehouse, as API.md shows it: {@code "actor": {"directory": true}}. */
    private static boolean byTheDirectory(String actorOid) {
        return io.gatehouse.messaging.Actor.DIRECTORY.oid().equals(actorOid);
    }
}
