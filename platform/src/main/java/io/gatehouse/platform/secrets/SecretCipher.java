package io.gatehouse.platform.secrets;

import io.gatehouse.platform.ids.RandomIds;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * AES-256-GCM for the one-time store. The key comes from configuration ({@code gatehouse.secrets.key},
 * base64 of 32 bytes), or is generated once and kept in {@code gatehouse.secrets.key-file}, beside the
 * embedded database.
 */
public final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    public SecretCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("gatehouse.secrets.key must be 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public static SecretCipher from(String base64Key, Path keyFile) {
        return new SecretCipher(key("gatehouse.secrets.key", base64Key, keyFile));
    }

    /**
     * A 256-bit key from configuration ({@code property}, base64), or else from {@code keyFile}, generated there
     * once (owner-only permissions) if the file does not exist.
     */
    public static byte[] key(String property, String base64Key, Path keyFile) {
        byte[] key;
        if (base64Key != null && !base64Key.isBlank()) {
            key = Base64.getDecoder().decode(base64Key.strip());
        } else {
            key = keyFromFile(keyFile);
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(property + " must be 32 bytes (base64)");
        }
        return key;
    }

    /**
     * A key of its own for {@code purpose}, derived (HMAC-SHA256) from the one-time store's key
     * ({@code gatehouse.secrets.key}, or else its key file), which every node of a cluster shares already: neither
     * key tells anything of the other.
     */
    public static byte[] derivedKey(String base64SecretsKey, Path secretsKeyFile, String purpose) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key("gatehouse.secrets.key", base64SecretsKey, secretsKeyFile), "HmacSHA256"));
            return hmac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyFromFile(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] generated = new byte[32];
                RandomIds.nextBytes(generated);
                Path parent = keyFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(generated));
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            return Base64.getDecoder().decode(Files.readString(keyFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the key " + keyFile, e);
        }
    }

    /** Encrypts; answers nonce and ciphertext. The id is bound in as associated data. */
    public byte[][] encrypt(String id, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RandomIds.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return new byte[][]{nonce, cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8))};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String decrypt(String id, byte[] nonce, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A one-time secret could not be decrypted (wrong key?)");
        }
    }
}
