package io.gatehouse.directory;

import io.gatehouse.membership.MemberType;

import java.util.List;

/**
 * One object as a delta round returned it: gone ({@code removed}, from Graph's {@code @removed}), or its selected
 * fields, null where the answer left a field out. {@code keys} are an application's keys without secrets;
 * {@code membersChanged} the ids of a group's members added to it or removed from it (Graph's {@code members@delta}).
 */
public record DirectoryChange(String id, MemberType type, boolean removed, String displayName, String givenName,
                              String surname, String userPrincipalName, Boolean accountEnabled,
                              String externalUserState, String replyUrl, String appIdUri, List<ApplicationKey> keys,
                              List<String> membersChanged) {
}
