package io.gatehouse.query.projections;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public List<Map<String, Object>> projections() {
        return status.all().stream().map(ProjectionsController::json).toList();
    }

    @PostMapping("/{name}/rebuild")
    @Operation(summary = "Rebuild a projection from the event store while the service keeps answering; any query node may start it")
    public ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name) {
        rebuilds.start(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/admin/projections")
                .body(json(status.of(name)));
    }

    private static Map<String, Object> json(ProjectionStatus.State state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", state.name());
        json.put("position", state.position());
        json.put("headPosition", state.headPosition());
        json.put("lag", state.lag());
        json.put("replaying", state.replaying());
        json.put("progress", state.progress());
        json.put("liveSchema", state.liveSchema());
        json.put("deadLetters", state.deadLetters());
        if (state.rebuild() != null) {
            RebuildLedger.Rebuild rebuild = state.rebuild();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("id", rebuild.id().toString());
            details.put("state", rebuild.state().name());
            details.put("targetSchema", rebuild.targetSchema());
            details.put("owner", rebuild.owner());
            details.put("startedAt", rebuild.startedAt().toString());
            details.put("progress", rebuild.progress());
            details.put("failure", rebuild.failure());
            json.put("rebuild", details);
        }
        return json;
    }
}
