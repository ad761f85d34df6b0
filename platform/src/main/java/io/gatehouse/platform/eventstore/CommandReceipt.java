package io.gatehouse.platform.eventstore;

import java.util.Map;

/**
 * What a command answered and what it stored, taken in its own unit of work: the handler's result, the global
 * position of the last event it stored ({@code Gatehouse-Position}) and each aggregate's version after it (its
 * ETag). A command that stored nothing for an aggregate reports the version its decision was taken on.
 */
public record CommandReceipt(Object result, long position, Map<String, Long> versions) {

    public long versionOf(String aggregateId) {
        Long version = versions.get(aggregateId);
        if (version == null) {
            throw new IllegalStateException("The command stored nothing for " + aggregateId);
        }
        return version;
    }
}
