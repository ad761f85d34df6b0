package io.gatehouse.platform.ids;

import org.axonframework.common.IdentifierFactory;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs and random bytes from one DRBG per thread. {@link UUID#randomUUID()} and a shared
 * {@code new SecureRandom()} read through the JDK's NativePRNG, which serialises every caller of the process on
 * one lock: under 16 writers it held request threads for 10 s per 100 s of load (Java Flight Recorder, monitor
 * waits of 10 ms and more), mostly Axon giving each message an identifier. Axon finds this factory through
 * {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public final class RandomIds extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newGenerator);

    @Override
    public String generateIdentifier() {
        return uuid().toString();
    }

    /** A random UUID, as {@link UUID#randomUUID()} makes it. */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    /** Unpredictable bytes (nonces, keys, passwords), from this thread's generator. */
    public static void nextBytes(byte[] bytes) {
        RANDOM.get().nextBytes(bytes);
    }

    private static SecureRandom newGenerator() {
        try {
            // NIST SP 800-90A DRBG, seeded from the operating system once per thread
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no DRBG SecureRandom", e);
        }
    }
}
