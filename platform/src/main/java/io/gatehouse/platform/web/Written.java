package io.gatehouse.platform.web;

import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.EventPositions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a write, begun in one place: its status with the {@code Gatehouse-Position} of the last event it
 * stored and, for a write to one member, that member's new {@code ETag}. Controllers add a body (or build).
 */
public final class Written {

    private Written() {
    }

    /** A write that stored events up to {@code position}. */
    public static ResponseEntity.BodyBuilder at(HttpStatus status, long position) {
        return ResponseEntity.status(status).header(EventPositions.POSITION_HEADER, Long.toString(position));
    }

    public static ResponseEntity.BodyBuilder of(HttpStatus status, CommandReceipt receipt) {
        return at(status, receipt.position());
    }

    /** A write to one member: its ETag is the member's version after the write. */
    public static ResponseEntity.BodyBuilder member(HttpStatus status, CommandReceipt receipt, String memberId) {
        return of(status, receipt).eTag(ETags.of(receipt.versionOf(memberId)));
    }
}
