package io.gatehouse.platform.secrets;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    @Bean
    public OneTimeSecrets oneTimeSecrets(JdbcTemplate jdbc, TransactionTemplate transactions,
                                         @Value("${gatehouse.secrets.key:}") String key,
                                         @Value("${gatehouse.secrets.key-file:data/secrets.key}") Path keyFile) {
        return new OneTimeSecrets(jdbc, transactions, SecretCipher.from(key, keyFile));
    }

    @Bean
    public RecurringTask<Void> oneTimeSecretsExpiryTask(OneTimeSecrets secrets,
            @Value("${gatehouse.secrets.expiry-interval:PT1M}") Duration interval) {
        return ClusterJob.every("one-time-secrets-expiry", interval, secrets::expire);
    }
}
