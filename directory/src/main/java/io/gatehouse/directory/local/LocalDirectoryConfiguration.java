package io.gatehouse.directory.local;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** The local directory adapter, used unless {@code gatehouse.directory.mode} says otherwise (its tables: platform's). */
@AutoConfiguration
public class LocalDirectoryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gatehouse.directory.mode", havingValue = "local", matchIfMissing = true)
    public LocalDirectory localDirectory(JdbcTemplate jdbc) {
        return new LocalDirectory(jdbc);
    }
}
