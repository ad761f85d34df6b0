package io.gatehouse.directory;

/** An Azure AD application: object id, client id ({@code appId}), its Reply URL and App ID URI. */
public record Application(String objectId, String appId, String displayName, String replyUrl, String appIdUri) {
}
