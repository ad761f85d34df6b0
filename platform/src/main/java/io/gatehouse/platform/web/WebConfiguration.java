package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    public FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
            JdbcTemplate jdbc, ObjectMapper objectMapper,
            @Value("${gatehouse.idempotency.lease:PT30S}") Duration lease) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(jdbc, objectMapper, lease));
        // after Spring Security (order -100): keys are kept per authenticated caller
        registration.setOrder(0);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    public IdempotencyKeyExpiry idempotencyKeyExpiry(JdbcTemplate jdbc) {
        return new IdempotencyKeyExpiry(jdbc);
    }

    /** Forgets answers older than 24 hours. */
    public static class IdempotencyKeyExpiry {
        private final JdbcTemplate jdbc;

        IdempotencyKeyExpiry(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
        public void forgetOldAnswers() {
            jdbc.update("DELETE FROM idempotent_request WHERE created_at < now() - interval '24 hours'");
        }
    }
}
