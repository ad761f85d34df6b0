package io.gatehouse.directory;

import java.time.Instant;

/**
 * A key (password credential) the directory generated for an application. {@code secretText} is shown once
 * to whoever asked for it and kept nowhere else (null on a key read back); {@link #toString()} leaves it out.
 */
public record ApplicationKey(String keyId, String secretText, String hint, Instant createdAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "ApplicationKey[" + keyId + ", hint " + hint + ", expires " + expiresAt + "]";
    }
}
