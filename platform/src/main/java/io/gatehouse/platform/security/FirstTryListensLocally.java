package io.gatehouse.platform.security;

import org.apache.commons.logging.Log;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.Map;

/**
 * While the service signs its own tokens (no issuer configured: a first try), anyone who can reach it could
 * copy the printed owner token's power, so it listens on the loopback interface only. An explicit
 * {@code server.address} (for example {@code 0.0.0.0} inside a container) says otherwise.
 */
public class FirstTryListensLocally implements EnvironmentPostProcessor, Ordered {

    static final String TOKENS = "spring.security.oauth2.resourceserver.jwt.";

    private final Log log;

    public FirstTryListensLocally(DeferredLogFactory logs) {
        this.log = logs.getLog(FirstTryListensLocally.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean issuerConfigured = StringUtils.hasText(environment.getProperty(TOKENS + "issuer-uri"))
                || StringUtils.hasText(environment.getProperty(TOKENS + "jwk-set-uri"))
                || StringUtils.hasText(environment.getProperty(TOKENS + "public-key-location"));
        if (issuerConfigured || environment.containsProperty("server.address")) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("gatehouse-first-try",
                Map.of("server.address", "127.0.0.1")));
        log.info("No token issuer configured: listening on 127.0.0.1 only (set server.address to change that)");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
