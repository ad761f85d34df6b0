package io.gatehouse.platform.eventstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What a command stored, taken in its own unit of work: the global position of its last event
 * ({@code Gatehouse-Position}) and each aggregate's version after it (its ETag). On the node that handled the
 * command it reads the figures the event insert reported before the commit; it crosses to the sending node as
 * JSON, after the commit, like any command result.
 */
public final class CommandReceipt {

    private final StoredEvents stored;
    private final long position;
    private final Map<String, Long> versions;
    private final Long decidedVersion;

    /** On the handling node: figures filled by the event insert at prepare-commit. */
    CommandReceipt(StoredEvents stored, Long decidedVersion) {
        this.stored = stored;
        this.position = 0;
        this.versions = null;
        this.decidedVersion = decidedVersion;
    }

    @JsonCreator
    CommandReceipt(@JsonProperty("position") long position, @JsonProperty("versions") Map<String, Long> versions,
                   @JsonProperty("decidedVersion") Long decidedVersion) {
        this.stored = null;
        this.position = position;
        this.versions = versions == null ? Map.of() : Map.copyOf(versions);
        this.decidedVersion = decidedVersion;
    }

    /** The position of the last event the command stored; 0 when it stored none. */
    @JsonProperty("position")
    public long position() {
        return stored != null ? stored.lastPosition() : position;
    }

    /** Each aggregate's version after the command, for the aggregates it stored events for. */
    @JsonProperty("versions")
    public Map<String, Long> versions() {
        return stored != null ? stored.versions() : versions;
    }

    /** The version an aggregate's command handler answered: the one its decision was taken on. */
    @JsonProperty("decidedVersion")
    public Long decidedVersion() {
        return decidedVersion;
    }

    @JsonIgnore
    public long versionOf(String aggregateId) {
        Long version = versions().get(aggregateId);
        if (version == null) {
            throw new IllegalStateException("The command stored nothing for " + aggregateId);
        }
        return version;
    }
}
