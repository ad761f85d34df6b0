package io.gatehouse.platform.secrets;

import io.gatehouse.platform.ids.RandomIds;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.messaging.GatehouseSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The one-time store: temporary passwords and application keys, encrypted, readable once by the caller who
 * asked, through the credentials URL, and deleted on that read or after 15 minutes. Nothing here is ever
 * logged, and no secret leaves this class but through {@link #secret} (to push it to the directory) and
 * {@link #claim} (to show it once).
 */
public class OneTimeSecrets {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final String TEMPORARY_PASSWORD = "temporary-password";
    public static final String KEY = "application-key";
    private static final ObjectMapper JSON = GatehouseSerializer.objectMapper();

    /** What reading the credentials URL finds. */
    public sealed interface Claim {
        record NotFound() implements Claim {
        }

        record Gone() implements Claim {
        }

        record NotYours() implements Claim {
        }

        record Pending() implements Claim {
        }

        record Shown(Map<String, Object> fields) implements Claim {
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;

    public OneTimeSecrets(JdbcTemplate jdbc, TransactionTemplate transactions, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
    }

    /** Keeps a secret we generated (a temporary password) until the directory has it; answers its id. */
    public String keep(String ownerOid, String kind, String secret, Map<String, Object> shown) {
        String id = RandomIds.uuid().toString();
        keep(id, ownerOid, kind, secret, shown);
        return id;
    }

    /** Keeps a secret we generated under the id its command already carries. */
    public void keep(String id, String ownerOid, String kind, String secret, Map<String, Object> shown) {
        byte[][] sealed = cipher.encrypt(id, secret);
        jdbc.update("INSERT INTO one_time_secret (credentials_id, owner_oid, kind, nonce, ciphertext, shown, ready, "
                        + "expires_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, FALSE, ?)", id, ownerOid, kind, sealed[0],
                sealed[1], json(shown), Timestamp.from(Instant.now().plus(LIFETIME)));
    }

    /** Reserves an entry for a secret the directory will produce (an application key). */
    public String reserve(String ownerOid, String kind, Map<String, Object> shown) {
        String id = RandomIds.uuid().toString();
        reserve(id, ownerOid, kind, shown);
        return id;
    }

    /** Reserves an entry under the id its command already carries. */
    public void reserve(String id, String ownerOid, String kind, Map<String, Object> shown) {
        jdbc.update("INSERT INTO one_time_secret (credentials_id, owner_oid, kind, shown, ready, expires_at) "
                + "VALUES (?, ?, ?, ?::jsonb, FALSE, ?)", id, ownerOid, kind, json(shown),
                Timestamp.from(Instant.now().plus(LIFETIME)));
    }

    /** The secret, for pushing it to the directory; empty once read or expired. */
    public Optional<String> secret(String credentialsId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT nonce, ciphertext FROM one_time_secret "
                + "WHERE credentials_id = ? AND expires_at > now() AND ciphertext IS NOT NULL", credentialsId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cipher.decrypt(credentialsId, (byte[]) rows.get(0).get("nonce"),
                (byte[]) rows.get(0).get("ciphertext")));
    }

    /** The directory has what it needs: the secret may now be shown, with these extra fields. */
    public void ready(String credentialsId, Map<String, Object> moreShown) {
        jdbc.update("UPDATE one_time_secret SET ready = TRUE, shown = shown || ?::jsonb WHERE credentials_id = ?",
                json(moreShown), credentialsId);
    }

    /** The directory produced the secret (a key): keep it, ready to be shown. */
    public void fill(String credentialsId, String secret, Map<String, Object> moreShown) {
        byte[][] sealed = cipher.encrypt(credentialsId, secret);
        jdbc.update("UPDATE one_time_secret SET nonce = ?, ciphertext = ?, ready = TRUE, shown = shown || ?::jsonb "
                + "WHERE credentials_id = ?", sealed[0], sealed[1], json(moreShown), credentialsId);
    }

    /** Reads the secret once: the entry is gone afterwards, whoever asks. */
    public Claim claim(String credentialsId, String callerOid) {
        return transactions.execute(tx -> {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT owner_oid, kind, nonce, ciphertext, "
                    + "shown::text AS shown, ready, expires_at FROM one_time_secret WHERE credentials_id = ? FOR UPDATE", credentialsId);
            if (rows.isEmpty()) {
                List<String> spent = jdbc.queryForList("SELECT owner_oid FROM one_time_secret_spent "
                        + "WHERE credentials_id = ?", String.class, credentialsId);
                if (spent.isEmpty()) return new Claim.NotFound();
                return spent.get(0).equals(callerOid) ? new Claim.Gone() : new Claim.NotYours();
            }
            Map<String, Object> row = rows.get(0);
            if (!callerOid.equals(row.get("owner_oid"))) {
                return new Claim.NotYours();
            }
            if (((Timestamp) row.get("expires_at")).toInstant().isBefore(Instant.now())) {
                spend(credentialsId, callerOid);
                return new Claim.Gone();
            }
            if (!Boolean.TRUE.equals(row.get("ready")) || row.get("ciphertext") == null) {
                return new Claim.Pending();
            }
            Map<String, Object> fields = new LinkedHashMap<>(read((String) row.get("shown")));
            fields.put(secretField((String) row.get("kind")), cipher.decrypt(credentialsId, (byte[]) row.get("nonce"), (byte[]) row.get("ciphertext")));
            spend(credentialsId, callerOid);
            return new Claim.Shown(fields);
        });
    }

    /** The name the secret has in the credentials answer (API.md). */
    static String secretField(String kind) {
        return KEY.equals(kind) ? "key" : "temporaryPassword";
    }

    /** Deletes what nobody read in 15 minutes; {@link SecretsConfiguration} runs it once per cluster. */
    public void expire() {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("INSERT INTO one_time_secret_spent (credentials_id, owner_oid) SELECT credentials_id, owner_oid "
                    + "FROM one_time_secret WHERE expires_at <= now() ON CONFLICT DO NOTHING");
            jdbc.update("DELETE FROM one_time_secret WHERE expires_at <= now()");
            jdbc.update("DELETE FROM one_time_secret_spent WHERE spent_at < now() - interval '7 days'");
        });
    }

    /**
     * An erasure: the person's own secrets and those about the person (the credentials of its memberships) are
     * deleted unread, as if spent; answers how many.
     */
    public int erase(String personOid, Collection<String> credentialsIds) {
        String[] ids = credentialsIds.toArray(String[]::new);
        jdbc.update("INSERT INTO one_time_secret_spent (credentials_id, owner_oid) SELECT credentials_id, owner_oid "
                + "FROM one_time_secret WHERE owner_oid = ? OR credentials_id = ANY (?) ON CONFLICT DO NOTHING",
                personOid, ids);
        return jdbc.update("DELETE FROM one_time_secret WHERE owner_oid = ? OR credentials_id = ANY (?)", personOid, ids);
    }

    private void spend(String credentialsId, String ownerOid) {
        jdbc.update("DELETE FROM one_time_secret WHERE credentials_id = ?", credentialsId);
        jdbc.update("INSERT INTO one_time_secret_spent (credentials_id, owner_oid) VALUES (?, ?) ON CONFLICT DO NOTHING",
                credentialsId, ownerOid);
    }

    private static String json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
