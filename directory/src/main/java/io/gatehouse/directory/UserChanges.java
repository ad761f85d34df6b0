package io.gatehouse.directory;

/** Changes to a user; a null field stays as it is. */
public record UserChanges(String givenName, String surname, String displayName, String userPrincipalName) {
}
