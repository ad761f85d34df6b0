package io.gatehouse.platform.directory;

/**
 * A user to create. {@code temporaryPassword} is a secret: adapters send it to the directory and nowhere
 * else, and {@link #toString()} leaves it out.
 */
public record NewUser(String givenName, String surname, String displayName, String userPrincipalName,
                      String mailNickname, String temporaryPassword) {

    @Override
    public String toString() {
        return "NewUser[" + userPrincipalName + "]";
    }
}
