package io.gatehouse.platform.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when none of Spring Boot's resource-server settings says how to validate tokens. */
class NoTokenIssuerConfigured implements Condition {

    private static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        return !StringUtils.hasText(env.getProperty(PREFIX + "issuer-uri"))
                && !StringUtils.hasText(env.getProperty(PREFIX + "jwk-set-uri"))
                && !StringUtils.hasText(env.getProperty(PREFIX + "public-key-location"));
    }
}
