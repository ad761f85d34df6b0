package io.gatehouse.platform.directory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The local directory adapter, used unless {@code gatehouse.directory.mode} says otherwise. */
@Configuration(proxyBeanMethods = false)
public class DirectoryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gatehouse.directory.mode", havingValue = "local", matchIfMissing = true)
    public LocalDirectory localDirectory(JdbcTemplate jdbc) {
        return new LocalDirectory(jdbc);
    }
}
