package io.gatehouse.directory;

/** A guest invitation: the guest user's object id and the directory's status ({@code PendingAcceptance}, ...). */
public record Invitation(String invitedUserId, String status) {
}
