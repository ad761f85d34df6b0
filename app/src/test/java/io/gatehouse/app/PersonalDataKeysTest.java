package io.gatehouse.app;

import io.gatehouse.activity.PagesVisited;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.messaging.privacy.PersonalDataProtection.Sealed;
import io.gatehouse.messaging.privacy.Subject;
import io.gatehouse.platform.privacy.PersonalDataKeys;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key table on PostgreSQL: keys destroyed by one node, by an erasure or because a day of visits expired. */
class PersonalDataKeysTest extends GatehouseIntegrationTest {

    private static final byte[] KEY_ENCRYPTION_KEY = randomKey();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    PersonalDataKeys appKeys;

    @Test
    void aKeyMadeInATransactionThatRollsBackIsNeverUsed() {
        PersonalDataKeys keys = node(KEY_ENCRYPTION_KEY);
        Subject person = Subject.person(UUID.randomUUID().toString());
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        Sealed rolledBack = transaction.execute(status -> {
            Sealed first = keys.seal(person, "Ada");
            assertThat(keys.seal(person, "Lovelace").keyId()).as("one key per subject").isEqualTo(first.keyId());
            status.setRollbackOnly();
            return first;
        });

        Sealed committed = transaction.execute(status -> keys.seal(person, "Ada"));

        assertThat(committed.keyId()).isNotEqualTo(rolledBack.keyId());
        assertThat(keys.open(rolledBack)).as("the key went with its transaction").isNull();
        assertThat(keys.open(committed)).isEqualTo("Ada");
        assertThat(keys.seal(person, "Ada King").keyId()).isEqualTo(committed.keyId());
    }

    @Test
    void twoNodesMakingOnePersonsKeyAtOnceBothSealWithTheKeyThatWasStored() throws Exception {
        PersonalDataKeys nodeA = node(KEY_ENCRYPTION_KEY);
        PersonalDataKeys nodeB = node(KEY_ENCRYPTION_KEY);
        Subject person = Subject.person(UUID.randomUUID().toString());
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        CountDownLatch madeByA = new CountDownLatch(1);
        CountDownLatch commitA = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<Sealed> byA = nodes.submit(() -> transaction.execute(status -> {
                Sealed sealed = nodeA.seal(person, "Ada");
                madeByA.countDown();
                awaitQuietly(commitA);
                return sealed;
            }));
            assertThat(madeByA.await(10, TimeUnit.SECONDS)).isTrue();
            // B's insert of its own key waits for A's transaction, then finds A's key stored
            Future<Sealed> byB = nodes.submit(() -> transaction.execute(status -> nodeB.seal(person, "Lovelace")));
            Thread.sleep(200);
            assertThat(byB.isDone()).as("B waits for A's transaction").isFalse();
            commitA.countDown();

            assertThat(byB.get(10, TimeUnit.SECONDS).keyId()).isEqualTo(byA.get(10, TimeUnit.SECONDS).keyId());
            assertThat(nodeA.open(byB.get())).isEqualTo("Lovelace");
            assertThat(nodeB.open(byA.get())).isEqualTo("Ada");
            assertThat(node(KEY_ENCRYPTION_KEY).open(byA.get())).as("a third node, from the stored key")
                    .isEqualTo("Ada");
        } finally {
            commitA.countDown();
            nodes.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void keysReadTogetherBeforeABatchOpenItsValuesAndAKeyNoLongerStoredReadsAsErased() {
        PersonalDataKeys writer = node(KEY_ENCRYPTION_KEY);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        Sealed ada = transaction.execute(status -> writer.seal(Subject.person(UUID.randomUUID().toString()), "Ada"));
        Sealed grace = transaction.execute(status -> writer.seal(Subject.person(UUID.randomUUID().toString()), "Grace"));
        Sealed gone = new Sealed(UUID.randomUUID().toString(), ada.data());
        PersonalDataKeys reader = node(KEY_ENCRYPTION_KEY);

        reader.prefetch(List.of(ada.keyId(), grace.keyId(), gone.keyId(), ada.keyId()));
        // the rows gone, what the reader opens can only come from what it read together
        jdbc.update("DELETE FROM personal_data_key WHERE key_id IN (?, ?)", ada.keyId(), grace.keyId());

        assertThat(reader.open(ada)).isEqualTo("Ada");
        assertThat(reader.open(grace)).isEqualTo("Grace");
        assertThat(reader.open(gone)).isNull();
    }

    @Autowired
    PersonalDataKeys serviceKeys;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    private PersonalDataKeys node(byte[] keyEncryptionKey) {
        return new PersonalDataKeys(jdbc, keyEncryptionKey, Duration.ofMinutes(5), 100,
                Duration.ofMillis(100));
    }

    @Test
    void aKeyDestroyedOnOneNodeIsDroppedByTheOtherNodesWithinTheCheckInterval() throws Exception {
        PersonalDataKeys nodeA = node(KEY_ENCRYPTION_KEY);
        PersonalDataKeys nodeB = node(KEY_ENCRYPTION_KEY);
        Subject person = Subject.person(UUID.randomUUID().toString());
        Sealed sealed = nodeA.seal(person, "Ada Lovelace");
        assertThat(nodeB.open(sealed)).isEqualTo("Ada Lovelace");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE subject = ? AND wrapped_key "
                + "IS NOT NULL", Integer.class, person.name())).isEqualTo(1);

        assertThat(nodeA.destroy(List.of(person.name()), List.of())).isEqualTo(1);

        assertThat(nodeA.open(sealed)).isNull();
        Instant deadline = Instant.now().plusSeconds(5);
        while (nodeB.open(sealed) != null) {
            assertThat(Instant.now()).as("node B learnt of the destroyed key").isBefore(deadline);
            Thread.sleep(20);
        }
        // the subject gets a new key for what comes later; the old data stays erased
        Sealed later = nodeB.seal(person, "Ada King");
        assertThat(later.keyId()).isNotEqualTo(sealed.keyId());
        assertThat(nodeA.open(later)).isEqualTo("Ada King");
        assertThat(nodeA.open(sealed)).isNull();
    }

    @Test
    void aKeyThatDoesNotUnwrapIsAnErrorNotAnErasure() {
        Sealed sealed = node(KEY_ENCRYPTION_KEY).seal(Subject.person(UUID.randomUUID().toString()), "Grace");

        assertThatThrownBy(() -> node(randomKey()).open(sealed)).hasMessageContaining("gatehouse.privacy.key");
    }

    @Test
    void aNodeWithAnotherKeyEncryptionKeyDoesNotStartAndMakesNoKey() {
        int keysBefore = jdbc.queryForObject("SELECT count(*) FROM personal_data_key", Integer.class);

        assertThatThrownBy(() -> node(randomKey()).verifyKeyEncryptionKey())
                .hasMessageContaining("every node of a database must use the same key");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key", Integer.class)).isEqualTo(keysBefore);
        assertThat(liveCheckKeys()).as("made by the service when it started").isEqualTo(1);
        appKeys.verifyKeyEncryptionKey();
        assertThat(liveCheckKeys()).as("a node with the right key makes no second one").isEqualTo(1);
    }

    @Test
    void onADatabaseMadeBeforeTheCheckKeyAnotherKeyEncryptionKeyIsRefusedByThePersonsKeys() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM personal_data_key WHERE subject = 'gatehouse:key-check'");
            node(KEY_ENCRYPTION_KEY).seal(Subject.person(UUID.randomUUID().toString()), "Ada");

            assertThatThrownBy(() -> node(randomKey()).verifyKeyEncryptionKey())
                    .hasMessageContaining("every node of a database must use the same key");
            status.setRollbackOnly();
        });
        assertThat(liveCheckKeys()).isEqualTo(1);
    }

    private int liveCheckKeys() {
        return jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE subject = 'gatehouse:key-check' "
                + "AND destroyed_at IS NULL", Integer.class);
    }

    @Test
    void dayKeysOfVisitsAreDestroyedOnceThirtyDaysHavePassed() {
        PersonalDataKeys keys = node(KEY_ENCRYPTION_KEY);
        String visitor = UUID.randomUUID().toString();
        Sealed old = keys.seal(Subject.visits(visitor, Instant.now().minus(Duration.ofDays(31))), "https://a/old");
        Sealed recent = keys.seal(Subject.visits(visitor, Instant.now().minus(Duration.ofDays(29))), "https://a/new");

        keys.destroyExpired(Instant.now());

        assertThat(keys.open(old)).isNull();
        assertThat(keys.open(recent)).isEqualTo("https://a/new");
    }

    @Test
    void theEventStoreNoLongerRevealsAVisitOnceItsDayKeyExpired() {
        Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
        String accountId = createAccount(owner);
        String url = "https://partner.microsoft.com/dashboard/" + UUID.randomUUID();
        Api.Answer reported = api.as(owner).post("/api/v1/accounts/" + accountId + "/activity",
                List.of(Map.of("url", url, "visitedAt", Instant.now().minusSeconds(5).toString())));
        assertThat(reported.status()).as(reported.toString()).isEqualTo(202);
        byte[] payload = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, reported.position());
        assertThat(new String(payload, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(url);
        assertThat(read(payload).visits().get(0).url()).isEqualTo(url);

        // thirty days later, for this test: the day key's expiry is moved to the past
        jdbc.update("UPDATE personal_data_key SET expires_at = now() - interval '1 second' WHERE subject LIKE ?",
                "visits:" + owner.oid() + ":%");
        serviceKeys.destroyExpired(Instant.now());

        PagesVisited read = read(payload);
        assertThat(read.visits().get(0).url()).isEqualTo(PersonalDataProtection.ERASED);
        assertThat(read.visitorObjectId()).isEqualTo(owner.oid());
    }

    private PagesVisited read(byte[] payload) {
        return eventSerializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class,
                new SimpleSerializedType("PagesVisited", "1")));
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
