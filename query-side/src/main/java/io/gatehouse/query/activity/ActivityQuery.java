package io.gatehouse.query.activity;

import io.gatehouse.platform.web.Paging;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Instant;

/** A member's visits between two instants (the last 30 days at most), a page at a time. */
public record ActivityQuery(
        Instant from,
        Instant to,
        @Schema(defaultValue = "0") @Min(value = 0, message = Paging.PAGE_RULE)
        @Max(value = Paging.MAX_PAGE, message = Paging.PAGE_RULE) Integer page,
        @Schema(defaultValue = "50") @Min(value = 1, message = Paging.SIZE_RULE)
        @Max(value = Paging.MAX_PAGE_SIZE, message = Paging.SIZE_RULE) Integer size) {
}
