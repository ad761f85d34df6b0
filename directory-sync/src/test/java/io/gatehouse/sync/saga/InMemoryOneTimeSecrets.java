package io.gatehouse.sync.saga;

import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.secrets.SecretCipher;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one-time store without a database: the two things directory sync asks of it, {@link #secret} (the
 * password to push) and {@link #ready} (the directory has it: it may be shown), over maps.
 */
final class InMemoryOneTimeSecrets extends OneTimeSecrets {

    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Map<String, Object>> ready = new LinkedHashMap<>();

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

    boolean isReady(String credentialsId) {
        return ready.containsKey(credentialsId);
    }

    /** What is shown beside the password once ready (the username); empty while not ready. */
    Map<String, Object> shownWith(String credentialsId) {
        return ready.getOrDefault(credentialsId, Map.of());
    }
}
