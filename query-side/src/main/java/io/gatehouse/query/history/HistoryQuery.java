package io.gatehouse.query.history;

import io.gatehouse.platform.web.Paging;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;

/** Which history entries: between two instants, of one member; a page at a time (the stream has no pages). */
public record HistoryQuery(
        Instant from,
        Instant to,
        @Pattern(regexp = io.gatehouse.platform.web.Ids.GUID,
                message = "is not a valid id (a GUID)") String memberId,
        @Schema(defaultValue = "0") @Min(value = 0, message = Paging.PAGE_RULE)
        @Max(value = Paging.MAX_PAGE, message = Paging.PAGE_RULE) Integer page,
        @Schema(defaultValue = "50") @Min(value = 1, message = Paging.SIZE_RULE)
        @Max(value = Paging.MAX_PAGE_SIZE, message = Paging.SIZE_RULE) Integer size) {

    HistoryViews.Filter filter() {
        return new HistoryViews.Filter(from, to, memberId);
    }
}
