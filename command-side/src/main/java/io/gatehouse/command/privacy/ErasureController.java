package io.gatehouse.command.privacy;

import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Written;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** For operators ({@code Gatehouse.Operator}): the right to be forgotten, one person at a time. */
@RestController
@RequestMapping("/api/v1/admin/people")
@Tag(name = "Operations")
public class ErasureController {

    private final Erasures erasures;

    public ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @PostMapping("/{directoryObjectId}/erasure")
    @Operation(summary = "Erase a person in every account: its personal data in events reads \"[erased]\" from now "
            + "on, and the read models, the local directory, stored answers and one-time secrets forget it")
    public ResponseEntity<Erasures.Erased> erase(Caller caller, @PathVariable UUID directoryObjectId) {
        Erasures.Erased erased = erasures.erase(directoryObjectId.toString(), caller.actor());
        return Written.at(HttpStatus.OK, erased.position()).body(erased);
    }
}
