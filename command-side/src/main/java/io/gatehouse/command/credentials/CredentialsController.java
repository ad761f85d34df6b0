package io.gatehouse.command.credentials;

import java.util.UUID;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.secrets.OneTimeSecrets.Claim;
import io.gatehouse.platform.web.Problems;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Secrets are shown once: 202 with Retry-After while the directory has not produced them yet, 200 exactly
 * once for the caller who asked, 410 for every later call or after 15 minutes.
 */
@RestController
@Tag(name = "Credentials")
public class CredentialsController {

    private final OneTimeSecrets secrets;

    public CredentialsController(OneTimeSecrets secrets) {
        this.secrets = secrets;
    }

    @GetMapping("/api/v1/credentials/{credentialsId}")
    @Operation(summary = "A temporary password or application key, shown once to the caller who asked for it")
    @ApiResponse(responseCode = "200", description = "The secret, this once: a user's or an application key's fields",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Credentials.class)))
    @ApiResponse(responseCode = "202", description = "The directory has not produced the secret yet; ask again",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Pending.class)))
    public ResponseEntity<Object> credentials(Caller caller, @PathVariable UUID credentialsId) {
        Claim claim = secrets.claim(credentialsId.toString(), caller.oid());
        if (claim instanceof Claim.NotFound) {
            throw Rejection.notFound("No credentials " + credentialsId.toString() + ".");
        }
        if (claim instanceof Claim.NotYours) {
            throw Rejection.forbidden("Only the caller who asked for these credentials may read them.");
        }
        if (claim instanceof Claim.Gone) {
            return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.problem(HttpStatus.GONE, "credentials-gone",
                            "These credentials were shown once already, or expired after 15 minutes.", List.of()));
        }
        if (claim instanceof Claim.Shown shown) {
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(shown.fields());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Retry-After", "2")
                .cacheControl(CacheControl.noStore()).body(new Pending("PENDING"));
    }

    /** A temporary password ({@code username}, {@code temporaryPassword}) or an application key (the rest). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Credentials(String username, String temporaryPassword, String tenantId, String clientId,
                              String keyId, String key, Instant createdAt, Instant expiresAt) {
    }

    public record Pending(@Schema(allowableValues = "PENDING") String status) {
    }
}
