package io.gatehouse.messaging.privacy;

/**
 * The keys behind {@link PersonalData}: encrypts a value with the subject's current key, decrypts with the key
 * the stored value names. Implemented on the key table (platform); events only know this port.
 */
public interface PersonalDataProtection {

    /** What a personal value reads as once its key was destroyed. */
    String ERASED = "[erased]";

    /** The subject's value, encrypted with its key (made on first use). */
    Sealed seal(Subject subject, String plaintext);

    /** The plaintext, or null if the key was destroyed (the value is erased). */
    String open(Sealed sealed);

    /** A stored personal value: the key's id and AES-GCM nonce plus ciphertext. */
    record Sealed(String keyId, byte[] data) {
    }
}
