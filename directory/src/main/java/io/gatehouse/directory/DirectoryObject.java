package io.gatehouse.directory;

import io.gatehouse.membership.MemberType;

/** A user, group or application as the tenant's directory describes it. Fields that do not apply are null. */
public record DirectoryObject(String id, MemberType type, String displayName, String givenName, String surname,
                              String userPrincipalName, String mail, String appId) {

    public static DirectoryObject user(String id, String displayName, String givenName, String surname,
                                       String userPrincipalName, String mail) {
        return new DirectoryObject(id, MemberType.USER, displayName, givenName, surname, userPrincipalName, mail, null);
    }

    public static DirectoryObject group(String id, String displayName) {
        return new DirectoryObject(id, MemberType.GROUP, displayName, null, null, null, null, null);
    }

    public static DirectoryObject application(String id, String displayName, String appId) {
        return new DirectoryObject(id, MemberType.APPLICATION, displayName, null, null, null, null, appId);
    }
}
