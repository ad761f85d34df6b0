package io.gatehouse.query.projections;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** For operators ({@code Gatehouse.Operator}): where each projection stands, and rebuilding one. */
@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(name = "Operations")
public class ProjectionsController {

    private final ProjectionStatus status;
    private final ProjectionRebuilds rebuilds;

    public ProjectionsController(ProjectionStatus status, ProjectionRebuilds rebuilds) {
        this.status = status;
        this.rebuilds = rebuilds;
    }

    @GetMapping
    @Operation(summary = "Each projection's position, the event store's head, lag, dead letters and latest rebuild, as every query node sees them")
    public List<Projection> projections() {
        return status.all().stream().map(ProjectionsController::json).toList();
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/{name}/rebuild")
    @Operation(summary = "Rebuild a projection from the event store while the service keeps answering; any query node may start it")
    public ResponseEntity<Projection> rebuild(@PathVariable String name) {
        rebuilds.start(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/admin/projections")
                .body(json(status.of(name)));
    }

    private static Projection json(ProjectionStatus.State state) {
        RebuildLedger.Rebuild rebuild = state.rebuild();
        return new Projection(state.name(), state.position(), state.headPosition(), state.lag(), state.replaying(),
                state.progress(), state.liveSchema(), state.deadLetters(), rebuild == null ? null
                : new Rebuild(rebuild.id().toString(), rebuild.state().name(), rebuild.targetSchema(), rebuild.owner(),
                        rebuild.startedAt().toString(), rebuild.progress(), rebuild.failure()));
    }

    /** A projection as every query node sees it; {@code rebuild} only once one was started. */
    public record Projection(String name, long position, long headPosition, long lag, boolean replaying,
                             double progress, String liveSchema, long deadLetters,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Rebuild rebuild) {
    }

    /** The latest rebuild of a projection. */
    public record Rebuild(String id, String state, String targetSchema, String owner, String startedAt,
                          double progress, String failure) {
    }
}
