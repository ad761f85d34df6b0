package io.gatehouse.platform.security;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;

import java.util.List;

/**
 * Spring Security puts a filter in front of its chain that asks Spring MVC which handler will answer the request and
 * keeps the answer for its MVC request matchers and CORS. Gatehouse has neither (its matchers are path patterns,
 * {@link SecurityConfiguration#requestMatcherBuilder}; no CORS), so that was a second handler lookup per request,
 * a pattern match against every operation. This takes the filter out of {@code springSecurityFilterChain}'s
 * definition, which then delegates to the security filter chain alone (pinned by a test).
 */
final class OneHandlerLookupPerRequest implements BeanFactoryPostProcessor {

    static final String CHAIN = "springSecurityFilterChain";
    static final String HANDLER_LOOKUP_FILTER = "HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        // runs after every registry post-processor, so after Spring Security wrapped the chain
        if (!beanFactory.containsBeanDefinition(CHAIN)) {
            return;
        }
        for (ConstructorArgumentValues.ValueHolder argument :
                beanFactory.getBeanDefinition(CHAIN).getConstructorArgumentValues().getIndexedArgumentValues().values()) {
            if (argument.getValue() instanceof List<?> filters) {
                filters.removeIf(filter -> filter instanceof BeanDefinition definition
                        && definition.getBeanClassName() != null
                        && definition.getBeanClassName().endsWith(HANDLER_LOOKUP_FILTER));
            }
        }
    }
}
