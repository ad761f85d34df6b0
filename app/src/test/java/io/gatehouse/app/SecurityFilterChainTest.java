package io.gatehouse.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path keeps what decides the answer only: Spring Security's chain runs without a filter in front of it
 * that would look up the request's handler in Spring MVC a second time.
 */
class SecurityFilterChainTest extends GatehouseIntegrationTest {

    @Autowired
    ConfigurableListableBeanFactory beans;

    @Test
    void springSecuritysFilterDelegatesToTheSecurityChainAlone() {
        BeanDefinition chain = beans.getBeanDefinition("springSecurityFilterChain");
        List<?> filters = chain.getConstructorArgumentValues().getIndexedArgumentValues().values().stream()
                .map(argument -> argument.getValue())
                .filter(List.class::isInstance).map(List.class::cast).findFirst().orElseThrow();

        assertThat(filters).hasSize(1);
        assertThat(beans.getBean("springSecurityFilterChain")).isInstanceOf(FilterChainProxy.class);
    }
}
