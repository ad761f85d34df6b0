package io.gatehouse.access;

/** Access level of one custom permission; an absent permission means no access. */
public enum PermissionLevel {
    READ, READ_WRITE;

    public PermissionLevel max(PermissionLevel other) {
        return other == null || this == READ_WRITE ? this : other;
    }
}
