package io.gatehouse.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A first try (the service signs its own tokens) is reachable from this machine only, unless told otherwise. */
class FirstTryListensLocallyTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", properties));
        new FirstTryListensLocally(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void withoutATokenIssuerTheServiceListensOnLoopbackOnly() {
        assertThat(environment(Map.of()).getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void anExplicitAddressWins() {
        assertThat(environment(Map.of("server.address", "0.0.0.0")).getProperty("server.address"))
                .isEqualTo("0.0.0.0");
    }

    @Test
    void withARealIssuerEveryInterfaceIsUsedAsSpringBootWould() {
        assertThat(environment(Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "https://login.microsoftonline.com/contoso/v2.0")).getProperty("server.address")).isNull();
        assertThat(environment(Map.of("spring.security.oauth2.resourceserver.jwt.public-key-location",
                "file:key.pem")).getProperty("server.address")).isNull();
    }
}
