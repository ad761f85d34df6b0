package io.gatehouse.messaging.privacy;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** AES-GCM keys per subject kept in memory: the serializer's tests need real encryption, not a database. */
final class InMemoryKeys implements PersonalDataProtection {

    private final Map<String, String> keyIdBySubject = new HashMap<>();
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final Map<String, String> subjectByKeyId = new HashMap<>();

    @Override
    public Sealed seal(Subject subject, String plaintext) {
        String keyId = keyIdBySubject.computeIfAbsent(subject.name(), name -> {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                String id = UUID.randomUUID().toString();
                keys.put(id, generator.generateKey());
                subjectByKeyId.put(id, name);
                return id;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(128, nonce));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] data = Arrays.copyOf(nonce, 12 + ciphertext.length);
            System.arraycopy(ciphertext, 0, data, 12, ciphertext.length);
            return new Sealed(keyId, data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String open(Sealed sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed.data(), 0, 12));
            return new String(cipher.doFinal(sealed.data(), 12, sealed.data().length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Destroys the keys of subjects whose name starts with the prefix. */
    void destroy(String subjectPrefix) {
        subjectByKeyId.entrySet().removeIf(entry -> {
            if (entry.getValue().startsWith(subjectPrefix)) {
                keys.remove(entry.getKey());
                keyIdBySubject.remove(entry.getValue());
                return true;
            }
            return false;
        });
    }

    Iterable<String> subjects() {
        return keyIdBySubject.keySet();
    }
}
