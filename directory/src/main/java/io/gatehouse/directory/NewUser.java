package io.gatehouse.directory;

/**
 * A user to create; a Global Administrator has a password recovery email (Graph's {@code otherMails}). {@code temporaryPassword} is a secret: adapters send it to the directory and nowhere
 * else, and {@link #toString()} leaves it out.
 */
public record NewUser(String givenName, String surname, String displayName, String userPrincipalName,
                      String mailNickname, String temporaryPassword, String passwordRecoveryEmail) {

    public NewUser(String givenName, String surname, String displayName, String userPrincipalName,
                   String mailNickname, String temporaryPassword) {
        this(givenName, surname, displayName, userPrincipalName, mailNickname, temporaryPassword, null);
    }

    @Override
    public String toString() {
        return "NewUser[" + userPrincipalName + "]";
    }
}
