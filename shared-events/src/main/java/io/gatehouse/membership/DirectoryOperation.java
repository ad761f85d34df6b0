package io.gatehouse.membership;

/** What directory sync pushes to Azure AD for a member. */
public enum DirectoryOperation {
    CREATE_USER, RESET_PASSWORD, INVITE, RESEND_INVITATION, UPDATE_USER, UPDATE_GROUPS,
    CREATE_GROUP, RENAME_GROUP, CREATE_APPLICATION, UPDATE_APPLICATION, ADD_KEY, REMOVE_KEY
}
