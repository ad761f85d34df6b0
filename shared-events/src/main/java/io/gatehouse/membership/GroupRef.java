package io.gatehouse.membership;

/** A group member of the account, by its member id and its directory object id. */
public record GroupRef(String memberId, String directoryObjectId) {
}
