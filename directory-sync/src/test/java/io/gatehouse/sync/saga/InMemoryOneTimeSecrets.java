package io.gatehouse.sync.saga;

import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.secrets.SecretCipher;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one-time store without a database: what directory sync asks of it, {@link #secret} (the password to
 * push), {@link #ready} (the directory has it: it may be shown) and {@link #fill} (the directory made a key:
 * keep its secret, ready to be shown), over maps.
 */
final class InMemoryOneTimeSecrets extends OneTimeSecrets {

    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Map<String, Object>> ready = new LinkedHashMap<>();
    private final java.util.Set<String> filled = new java.util.LinkedHashSet<>();

    InMemoryOneTimeSecrets() {
        super(null, null, new SecretCipher(new byte[32]));
    }

    /** A temporary password the command side kept under {@code credentialsId}. */
    void holds(String credentialsId, String password) {
        secrets.put(credentialsId, password);
    }

    /** Fifteen minutes went by, or somebody read it: the password is gone. */
    void expire(String credentialsId) {
        secrets.remove(credentialsId);
    }

    @Override
    public Optional<String> secret(String credentialsId) {
        return Optional.ofNullable(secrets.get(credentialsId));
    }

    @Override
    public void ready(String credentialsId, Map<String, Object> moreShown) {
        ready.merge(credentialsId, new LinkedHashMap<>(moreShown), (old, more) -> {
            old.putAll(more);
            return old;
        });
    }

    /** The directory produced the secret (an application key): kept, and ready to be shown with these fields. */
    @Override
    public void fill(String credentialsId, String secret, Map<String, Object> moreShown) {
        secrets.put(credentialsId, secret);
        filled.add(credentialsId);
        ready(credentialsId, moreShown);
    }

    /** The secret the store holds under {@code credentialsId}: a password kept, or a key filled in. */
    Optional<String> held(String credentialsId) {
        return Optional.ofNullable(secrets.get(credentialsId));
    }

    /** Whether the directory's secret was filled in under {@code credentialsId}. */
    boolean isFilled(String credentialsId) {
        return filled.contains(credentialsId);
    }

    boolean isReady(String credentialsId) {
        return ready.containsKey(credentialsId);
    }

    /** What is shown beside the password once ready (the username); empty while not ready. */
    Map<String, Object> shownWith(String credentialsId) {
        return ready.getOrDefault(credentialsId, Map.of());
    }
}
