package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.gatehouse.platform.jobs.ClusterJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements org.springframework.web.servlet.config.annotation.WebMvcConfigurer {

    static {
        // the caller comes from the token, not from the request: not a parameter of any operation
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(io.gatehouse.platform.security.Caller.class);
    }

    @Override
    public void addArgumentResolvers(List<org.springframework.web.method.support.HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgument());
    }


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
    public FilterRegistrationBean<StrictInputFilter> strictInputFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<StrictInputFilter> registration =
                new FilterRegistrationBean<>(new StrictInputFilter(objectMapper));
        // after Spring Security (an anonymous caller learns only that it needs a token), before idempotency
        registration.setOrder(-1);
        return registration;
    }

    /** Spring Security's firewall refusals (encoded slashes, "..", ";", NUL in paths) as problem documents. */
    @Bean
    public RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
        return (request, response, rejected) -> {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType("application/problem+json");
            objectMapper.writeValue(response.getOutputStream(), Problems.problem(HttpStatus.BAD_REQUEST,
                    "rejected-request", "The request's URL is not accepted: " + rejected.getMessage(), List.of()));
        };
    }

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorPages() {
        return factory -> factory.addContextCustomizers(ProblemErrorReportValve.installer());
    }

    @Bean
    public IdempotencyKeyExpiry idempotencyKeyExpiry(JdbcTemplate jdbc) {
        return new IdempotencyKeyExpiry(jdbc);
    }

    /** Once per cluster, not once per node. */
    @Bean
    public RecurringTask<Void> idempotencyKeyExpiryTask(IdempotencyKeyExpiry expiry,
            @Value("${gatehouse.idempotency.purge-interval:PT10M}") Duration interval) {
        return ClusterJob.every("idempotency-key-expiry", interval, expiry::forgetOldAnswers);
    }

    /** Forgets answers older than 24 hours. */
    public static class IdempotencyKeyExpiry {
        private final JdbcTemplate jdbc;

        IdempotencyKeyExpiry(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /**
         * An erasure: the person's own stored answers, and every stored answer that names one of the ids (the
         * person's directory object or memberships: answers about the person); answers how many.
         */
        public int forgetAnswersAbout(String personOid, java.util.Collection<String> ids) {
            return jdbc.update("DELETE FROM idempotent_request WHERE caller_oid = ? OR EXISTS (SELECT 1 FROM "
                    + "unnest(?::text[]) AS id WHERE position(convert_to(id, 'UTF8') IN coalesce(body, ''::bytea)) > 0 "
                    + "OR position(id IN coalesce(headers::text, '')) > 0)", personOid, ids.toArray(String[]::new));
        }

        public void forgetOldAnswers() {
            jdbc.update("DELETE FROM idempotent_request WHERE created_at < now() - interval '24 hours'");
        }
    }
}
