package io.gatehouse.messaging;

import io.gatehouse.messaging.privacy.PersonalData;

/**
 * Who caused an event: the caller's directory object id ({@code oid}) and display name. The name is personal
 * data: a payload field, never metadata or an identifier, encrypted with the caller's key.
 */
@StableName("Actor")
public record Actor(String oid, @PersonalData(person = "oid") String name) {

    /** Gatehouse's own directory sync, recording what the directory did. */
    public static final Actor DIRECTORY_SYNC = new Actor("directory-sync", "Directory sync");

    /** The directory itself: a change made outside Gatehouse (the Azure portal, another tool) that sync read back. */
    public static final Actor DIRECTORY = new Actor("directory", "Azure AD directory");
}
