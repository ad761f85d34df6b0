package io.gatehouse.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Bearer tokens as Azure AD issues them, validated with Spring Boot's standard resource-server settings.
 * Every endpoint needs one, except health and the OpenAPI document; {@code /api/v1/admin/**} and the other
 * actuator endpoints need the {@code Gatehouse.Operator} app role. Account-level rules (member, Manager,
 * owner) are decided per request by {@link io.gatehouse.platform.authorization.AccessPolicy}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String OPERATOR_AUTHORITY = "APPROLE_" + Caller.OPERATOR_ROLE;

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        // a bearer-token API: no session, so no saved request to replay and no form logout
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/api/v1/admin/**", "/actuator/**").hasAuthority(OPERATOR_AUTHORITY)
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
                        .authenticationEntryPoint((request, response, e) -> {
                            bearer.commence(request, response, e);
                            write(objectMapper, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "A valid bearer token is required: " + e.getMessage());
                        })
                        .accessDeniedHandler((request, response, e) -> write(objectMapper, response,
                                HttpStatus.FORBIDDEN, "forbidden", "The caller's token does not allow this.")))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> write(objectMapper,
                        response, HttpStatus.FORBIDDEN, "forbidden", "The caller's token does not allow this.")));
        return http.build();
    }

    /**
     * The paths above are matched as path patterns by Spring Security itself, instead of asking Spring MVC which
     * handler would answer (its introspector looked the handler up once more on every request).
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * No Spring Security observations, so no wrapper around each of its filters, its authentication and its
     * authorization on every request (they would only have been filtered out by
     * {@code management.observations.enable.spring.security=false}); the request's own observation stays.
     */
    @Bean
    static org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, with its header rule checked without a regular expression. */
    @Bean
    static org.springframework.security.web.firewall.HttpFirewall firewall() {
        org.springframework.security.web.firewall.StrictHttpFirewall firewall =
                new org.springframework.security.web.firewall.StrictHttpFirewall();
        HeaderCharacters allowed = new HeaderCharacters();
        firewall.setAllowedHeaderNames(allowed);
        firewall.setAllowedHeaderValues(allowed);
        return firewall;
    }

    @Bean
    static OneHandlerLookupPerRequest oneHandlerLookupPerRequest() {
        return new OneHandlerLookupPerRequest();
    }

    @Bean
    static org.springframework.security.oauth2.server.resource.web.BearerTokenResolver bearerTokens() {
        return new BearerTokens();
    }

    /**
     * Every token decoder (Spring Boot's from the resource-server settings, or the local signing key's) remembers
     * the tokens it verified until they expire: clients send the same token for its whole life, and verifying an
     * RS256 signature is the largest cost of a request's JVM time after the database. 0 turns it off.
     */
    @Bean
    static BeanPostProcessor cachedJwtDecoders(
            @org.springframework.beans.factory.annotation.Value("${gatehouse.security.token-cache-size:1000}") int size) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (size > 0 && bean instanceof JwtDecoder decoder && !(bean instanceof CachedJwtDecoder)) {
                    return new CachedJwtDecoder(decoder, size, java.time.Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    private static JwtAuthenticationToken authentication(Jwt jwt) {
        // Azure AD tokens say who the caller is and which tenant it signed in to; without that, no access.
        if (jwt.getClaimAsString("oid") == null || jwt.getClaimAsString("tid") == null) {
            throw new InvalidBearerTokenException("The token has no oid or tid claim");
        }
        Caller caller = Caller.from(jwt);
        Collection<GrantedAuthority> authorities = caller.appRoles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("APPROLE_" + role))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, caller.oid());
    }

    private static void write(ObjectMapper objectMapper, HttpServletResponse response, HttpStatus status,
                              String type, String detail) throws IOException {
        ProblemDetail problem = Problems.problem(status, type, detail, List.of());
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
