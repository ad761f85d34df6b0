package io.gatehouse.command.privacy;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Written;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** For operators ({@code Gatehouse.Operator}): the right to be forgotten, one person at a time (API.md, Personal data). */
@RestController
@RequestMapping("/api/v1/admin/personal-data/erasures")
@Tag(name = "Operations")
public class ErasureController {

    private final Erasures erasures;

    public ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    /** Whom to erase: a person, by directory object id, in every account. */
    public record ErasureRequest(
            @NotNull(message = "is required")
            @Pattern(regexp = io.gatehouse.platform.web.Ids.GUID,
                    message = "must be a directory object id (a GUID)") String directoryObjectId) {
    }

    /** The erasure and what it did at once (ids and counts only); the read models follow: see its status. */
    public record Accepted(String erasureId, Erasures.Status status, String directoryObjectId, List<String> memberIds,
                           int keysDestroyed, int localDirectoryObjects, int storedAnswers, int oneTimeSecrets,
                           Instant erasedAt) {
    }

    public record Erasure(String erasureId, Erasures.Status status) {
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping
    @Operation(summary = "Erase a person in every account: its personal data in events reads \"[erased]\" from now "
            + "on, and the read models, the local directory, stored answers and one-time secrets forget it")
    public ResponseEntity<Accepted> erase(Caller caller, @Valid @RequestBody ErasureRequest body) {
        Erasures.Erased erased = erasures.erase(body.directoryObjectId().toLowerCase(java.util.Locale.ROOT),
                caller.actor());
        return Written.at(HttpStatus.ACCEPTED, erased.position()).body(new Accepted(erased.eventId(),
                erasures.status(erased.eventId()).orElse(Erasures.Status.PENDING), erased.directoryObjectId(),
                erased.memberIds(), erased.keysDestroyed(), erased.localDirectoryObjects(), erased.storedAnswers(),
                erased.oneTimeSecrets(), erased.erasedAt()));
    }

    @GetMapping("/{erasureId}")
    @Operation(summary = "An erasure's status: DONE once every read model has forgotten the person")
    public Erasure status(@PathVariable UUID erasureId) {
        return new Erasure(erasureId.toString(), erasures.status(erasureId.toString())
                .orElseThrow(() -> Rejection.notFound("No erasure " + erasureId + ".")));
    }
}
