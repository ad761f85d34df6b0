package io.gatehouse.platform.privacy;

import io.gatehouse.platform.ids.RandomIds;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.messaging.privacy.Subject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of personal data in events (table {@code personal_data_key}): 256-bit AES-GCM data keys, one live
 * key per subject, each stored wrapped by the key-encryption key from configuration. Unwrapped keys are cached
 * in memory ({@code gatehouse.privacy.key-cache-ttl}, {@code .key-cache-size}); a node learns that another one
 * destroyed a key within {@code gatehouse.privacy.destroyed-key-check-interval}: while it uses keys, it reads the
 * keys destroyed lately at most that often and drops them. A destroyed key stays destroyed.
 */
public class PersonalDataKeys implements PersonalDataProtection {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private final JdbcTemplate jdbc;
    private final SecretKeySpec keyEncryptionKey;
    private final long ttlNanos;
    private final int cacheSize;
    private final Map<String, CachedKey> byKeyId = new ConcurrentHashMap<>();
    private final Map<String, CachedKey> bySubject = new ConcurrentHashMap<>();
    private final long checkIntervalNanos;
    private final String lookBack;
    private volatile long nextCheck = System.nanoTime();

    public PersonalDataKeys(JdbcTemplate jdbc, byte[] keyEncryptionKey,
                            Duration cacheTtl, int cacheSize, Duration destroyedKeyCheckInterval) {
        this.jdbc = jdbc;
        this.keyEncryptionKey = new SecretKeySpec(keyEncryptionKey, "AES");
        this.ttlNanos = cacheTtl.toNanos();
        this.cacheSize = cacheSize;
        this.checkIntervalNanos = destroyedKeyCheckInterval.toNanos();
        // destroyed_at is the destroying transaction's start: look back beyond any cached key's life
        this.lookBack = cacheTtl.multipliedBy(2).plusMinutes(1).toSeconds() + " seconds";
    }

    /** A key of no person, made by the first node that starts: what every later node's key is checked against. */
    static final Subject KEY_CHECK = new Subject("gatehouse:key-check", null);

    /**
     * Refuses to start with a key-encryption key that did not wrap this database's data keys: such a node would
     * answer 500 for every sealed value and wrap new keys that the other nodes cannot open. Checks the check key,
     * or, on a database made before it existed, any live key, then makes the check key if there is none.
     */
    public void verifyKeyEncryptionKey() {
        try {
            // unwrapping is the check: the check key, else any live key before the check key is made with this one
            if (loadLive(KEY_CHECK.name()) == null) {
                jdbc.query("SELECT key_id, wrapped_key FROM personal_data_key WHERE destroyed_at IS NULL LIMIT 1",
                        (rs, i) -> unwrap(rs.getString(1), rs.getBytes(2)));
                liveKey(KEY_CHECK);
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("gatehouse.privacy.key (or the gatehouse.secrets.key it is derived from, "
                    + "or the key file gatehouse.privacy.key-file) is not the key-encryption key this database's "
                    + "personal data keys were wrapped with; every node of a database must use the same key. "
                    + "Not starting: " + e.getMessage(), e);
        }
    }

    @Override
    public Sealed seal(Subject subject, String plaintext) {
        learnDestroyedKeys();
        CachedKey key = liveKey(subject);
        try {
            byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
            byte[] nonce = new byte[NONCE_BYTES];
            RandomIds.nextBytes(nonce);
            byte[] data = Arrays.copyOf(nonce, NONCE_BYTES + input.length + TAG_BITS / 8);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.aad());
            cipher.doFinal(input, 0, input.length, data, NONCE_BYTES);
            return new Sealed(key.keyId(), data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt personal data", e);
        }
    }

    @Override
    public String open(Sealed sealed) {
        learnDestroyedKeys();
        CachedKey key = keyById(sealed.keyId());
        if (key.destroyed()) {
            return null;
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed.data(), 0, NONCE_BYTES));
            cipher.updateAAD(key.aad());
            return new String(cipher.doFinal(sealed.data(), NONCE_BYTES, sealed.data().length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // a live key that does not open its data: tampering, not erasure; never shown as "[erased]"
            throw new IllegalStateException("Personal data sealed with key " + sealed.keyId() + " does not decrypt");
        }
    }

    /**
     * Destroys the live keys of these subjects and of every subject that starts with one of the prefixes; answers
     * how many. Runs in the caller's transaction.
     */
    public int destroy(Collection<String> subjects, Collection<String> subjectPrefixes) {
        List<String> destroyed = jdbc.queryForList("UPDATE personal_data_key SET wrapped_key = NULL, "
                        + "destroyed_at = now() WHERE destroyed_at IS NULL AND (subject = ANY (?) OR subject LIKE ANY (?)) "
                        + "RETURNING key_id", String.class, subjects.toArray(String[]::new),
                subjectPrefixes.stream().map(prefix -> prefix.replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%").toArray(String[]::new));
        forget(destroyed);
        return destroyed.size();
    }

    /** Destroys the keys that expired (page visits' day keys); answers how many. */
    public int destroyExpired(Instant now) {
        List<String> destroyed = jdbc.queryForList("UPDATE personal_data_key SET wrapped_key = NULL, "
                + "destroyed_at = now() WHERE destroyed_at IS NULL AND expires_at <= ? RETURNING key_id",
                String.class, Timestamp.from(now));
        forget(destroyed);
        return destroyed.size();
    }

    /** Drops keys from this node's cache (they were destroyed). */
    public void forget(Collection<String> keyIds) {
        keyIds.forEach(byKeyId::remove);
        bySubject.values().removeIf(key -> keyIds.contains(key.keyId()));
    }

    /** Drops from the cache the live keys that another node destroyed lately (at most once per interval). */
    private void learnDestroyedKeys() {
        if (System.nanoTime() - nextCheck < 0) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() - nextCheck < 0) {
                return;
            }
            nextCheck = System.nanoTime() + checkIntervalNanos;
            List<String> destroyed = jdbc.queryForList("SELECT key_id FROM personal_data_key WHERE destroyed_at > now() "
                    + "- ?::interval", String.class, lookBack);
            List<String> cachedLive = destroyed.stream().filter(keyId -> {
                CachedKey cached = byKeyId.get(keyId);
                return cached != null && !cached.destroyed();
            }).toList();
            if (!cachedLive.isEmpty()) {
                forget(cachedLive);
            }
        }
    }

    /**
     * The subject's live key. A new one is written in the event's own transaction (no second connection while the
     * first is held), and cached only once that transaction committed: a key rolled back with its events is never
     * used again. Until then the transaction keeps its new keys to itself.
     */
    private CachedKey liveKey(Subject subject) {
        CachedKey cached = bySubject.get(subject.name());
        if (cached != null && fresh(cached)) {
            return cached;
        }
        Map<String, CachedKey> uncommitted = uncommittedKeys();
        if (uncommitted != null && uncommitted.containsKey(subject.name())) {
            return uncommitted.get(subject.name());
        }
        CachedKey key = loadLive(subject.name());
        boolean created = false;
        if (key == null) {
            String keyId = RandomIds.uuid().toString();
            byte[] dataKey = new byte[32];
            RandomIds.nextBytes(dataKey);
            // a concurrent transaction making the same subject's key holds this insert until it ends; the key this
            // one made is known without reading it back, another one's is read
            created = jdbc.update("INSERT INTO personal_data_key (key_id, subject, wrapped_key, expires_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (subject) WHERE destroyed_at IS NULL DO NOTHING", keyId,
                    subject.name(), wrap(keyId, dataKey),
                    subject.expiresAt() == null ? null : Timestamp.from(subject.expiresAt())) == 1;
            key = created ? CachedKey.of(keyId, dataKey) : loadLive(subject.name());
            if (key == null) {
                throw new IllegalStateException("No live key for " + subject.name());
            }
        }
        if (created && uncommitted != null) {
            uncommitted.put(subject.name(), key);
            return key;
        }
        return remember(bySubject, subject.name(), remember(byKeyId, key.keyId(), key));
    }

    /** The keys the current transaction made, cached when it commits; null outside a transaction. */
    @SuppressWarnings("unchecked")
    private Map<String, CachedKey> uncommittedKeys() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, CachedKey> keys = (Map<String, CachedKey>) TransactionSynchronizationManager.getResource(this);
        if (keys == null) {
            Map<String, CachedKey> made = new java.util.HashMap<>();
            TransactionSynchronizationManager.bindResource(this, made);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PersonalDataKeys.this);
                    if (status == STATUS_COMMITTED) {
                        made.forEach((subject, key) -> remember(bySubject, subject, remember(byKeyId, key.keyId(), key)));
                    }
                }
            });
            keys = made;
        }
        return keys;
    }

    private CachedKey loadLive(String subject) {
        return jdbc.query("SELECT key_id, wrapped_key FROM personal_data_key WHERE subject = ? AND destroyed_at IS NULL",
                (rs, i) -> unwrap(rs.getString(1), rs.getBytes(2)), subject).stream().findFirst().orElse(null);
    }

    /**
     * Reads the keys among {@code keyIds} that this node has not cached in one query: a batch of events read for a
     * processor or a rebuild names many people's keys, which would otherwise be one round trip each.
     */
    public void prefetch(Collection<String> keyIds) {
        List<String> missing = keyIds.stream().distinct().filter(keyId -> {
            CachedKey cached = byKeyId.get(keyId);
            return cached == null || !(cached.destroyed() || fresh(cached));
        }).toList();
        if (missing.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        jdbc.query("SELECT key_id, wrapped_key FROM personal_data_key WHERE key_id = ANY (?)", rs -> {
            found.add(rs.getString(1));
            remember(byKeyId, rs.getString(1), unwrap(rs.getString(1), rs.getBytes(2)));
        }, (Object) missing.toArray(String[]::new));
        missing.stream().filter(keyId -> !found.contains(keyId))
                .forEach(keyId -> remember(byKeyId, keyId, CachedKey.destroyed(keyId)));
    }

    private CachedKey keyById(String keyId) {
        CachedKey cached = byKeyId.get(keyId);
        // a destroyed key never comes back: no need to look again
        if (cached != null && (cached.destroyed() || fresh(cached))) {
            return cached;
        }
        CachedKey key = jdbc.query("SELECT wrapped_key FROM personal_data_key WHERE key_id = ?",
                        (rs, i) -> unwrap(keyId, rs.getBytes(1)), keyId).stream().findFirst()
                .orElseGet(() -> CachedKey.destroyed(keyId));
        return remember(byKeyId, keyId, key);
    }

    private boolean fresh(CachedKey key) {
        return System.nanoTime() - key.loadedAt() < ttlNanos;
    }

    private CachedKey remember(Map<String, CachedKey> cache, String name, CachedKey key) {
        if (cache.size() >= cacheSize) {
            cache.clear();
        }
        cache.put(name, key);
        return key;
    }

    private byte[] wrap(String keyId, byte[] dataKey) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RandomIds.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] wrapped = cipher.doFinal(dataKey);
            byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + wrapped.length);
            System.arraycopy(wrapped, 0, stored, NONCE_BYTES, wrapped.length);
            return stored;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not wrap a personal data key", e);
        }
    }

    private CachedKey unwrap(String keyId, byte[] wrapped) {
        if (wrapped == null) {
            return CachedKey.destroyed(keyId);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return CachedKey.of(keyId, cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The personal data key " + keyId + " does not unwrap: is "
                    + "gatehouse.privacy.key the key-encryption key it was wrapped with?");
        }
    }

    /** An unwrapped data key (null once destroyed), and when it was read. */
    private record CachedKey(String keyId, SecretKey key, byte[] aad, long loadedAt) {

        static CachedKey of(String keyId, byte[] dataKey) {
            return new CachedKey(keyId, new SecretKeySpec(dataKey, "AES"), keyId.getBytes(StandardCharsets.UTF_8),
                    System.nanoTime());
        }

        static CachedKey destroyed(String keyId) {
            return new CachedKey(keyId, null, null, System.nanoTime());
        }

        boolean destroyed() {
            return key == null;
        }
    }
}
