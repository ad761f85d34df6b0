package io.gatehouse.membership;

/** A user member of the account, by its member id and its directory object id. */
public record UserRef(String memberId, String directoryObjectId) {
}
