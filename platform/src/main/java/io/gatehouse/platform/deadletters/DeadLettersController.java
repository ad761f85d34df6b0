package io.gatehouse.platform.deadletters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** For operators ({@code Gatehouse.Operator}): the events a processing group could not handle, retried or skipped. */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Operations")
public class DeadLettersController {

    private final DeadLetters deadLetters;

    public DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(summary = "Dead letters per processing group")
    public Map<String, Long> counts() {
        return deadLetters.counts();
    }

    @GetMapping("/{group}")
    @Operation(summary = "A processing group's dead letters by sequence, without payloads")
    public DeadLetters.Listing list(@PathVariable String group) {
        return deadLetters.list(group);
    }

    @PostMapping("/{group}/retry")
    @Operation(summary = "Retry every sequence of the group once; letters that fail again stay")
    public DeadLetters.Retried retryAll(@PathVariable String group) {
        return deadLetters.retryAll(group);
    }

    @PostMapping("/{group}/sequences/{sequenceId}/retry")
    @Operation(summary = "Retry one sequence, in order, from its first letter")
    public DeadLetters.Retried retry(@PathVariable String group, @PathVariable String sequenceId) {
        return deadLetters.retry(group, sequenceId);
    }

    @DeleteMapping("/{group}/sequences/{sequenceId}")
    @Operation(summary = "Skip a sequence: drop its letters unhandled, so that its next events go through")
    public ResponseEntity<Void> skip(@PathVariable String group, @PathVariable String sequenceId) {
        deadLetters.skip(group, sequenceId);
        return ResponseEntity.noContent().build();
    }
}
