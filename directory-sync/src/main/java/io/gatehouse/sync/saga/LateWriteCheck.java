package io.gatehouse.sync.saga;

import io.gatehouse.membership.DirectoryOperation;

/**
 * A creation succeeded after a try that got no answer, which may still land: a while later, every object carrying
 * the request's {@code marker} but {@code keep} (the one recorded) is removed. {@code applicationObjectId} is the
 * application of a key; {@code attempt} counts checks the directory could not take.
 */
public record LateWriteCheck(DirectoryOperation operation, String marker, String keep, String applicationObjectId,
                             int attempt) {

    LateWriteCheck again() {
        return new LateWriteCheck(operation, marker, keep, applicationObjectId, attempt + 1);
    }
}
