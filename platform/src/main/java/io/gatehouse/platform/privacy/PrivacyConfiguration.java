package io.gatehouse.platform.privacy;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import io.gatehouse.platform.secrets.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The keys of personal data in events, and the job that destroys page visits' day keys after 30 days. */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PrivacyConfiguration.class);

    @Bean
    public PersonalDataKeys personalDataKeys(JdbcTemplate jdbc,
                                             @Value("${gatehouse.privacy.key:}") String key,
                                             @Value("${gatehouse.secrets.key:}") String secretsKey,
                                             @Value("${gatehouse.privacy.key-file:data/privacy.key}") Path keyFile,
                                             @Value("${gatehouse.privacy.key-cache-ttl:PT5M}") Duration cacheTtl,
                                             @Value("${gatehouse.privacy.key-cache-size:10000}") int cacheSize,
                                             @Value("${gatehouse.privacy.destroyed-key-check-interval:PT1S}")
                                             Duration destroyedKeyCheckInterval) {
        PersonalDataKeys keys = new PersonalDataKeys(jdbc, keyEncryptionKey(key, secretsKey, keyFile), cacheTtl,
                cacheSize, destroyedKeyCheckInterval);
        keys.verifyKeyEncryptionKey();
        return keys;
    }

    /**
     * {@code gatehouse.privacy.key}; else derived from {@code gatehouse.secrets.key} (a cluster shares that one
     * already), a key of its own for this purpose; else generated once into {@code gatehouse.privacy.key-file}.
     */
    static byte[] keyEncryptionKey(String key, String secretsKey, Path keyFile) {
        if ((key == null || key.isBlank()) && secretsKey != null && !secretsKey.isBlank()) {
            return SecretCipher.derivedKey(secretsKey, keyFile, "gatehouse personal data key-encryption key");
        }
        return SecretCipher.key("gatehouse.privacy.key", key, keyFile);
    }

    @Bean
    public RecurringTask<Void> visitKeysExpiryTask(PersonalDataKeys keys,
            @Value("${gatehouse.privacy.visit-key-expiry-interval:PT1H}") Duration interval) {
        Clock clock = Clock.systemUTC();
        return ClusterJob.every("visit-keys-expiry", interval, () -> {
            int destroyed = keys.destroyExpired(clock.instant());
            if (destroyed > 0) {
                log.info("Destroyed {} page-visit day keys older than 30 days", destroyed);
            }
        });
    }
}
