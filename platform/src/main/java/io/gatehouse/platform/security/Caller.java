package io.gatehouse.platform.security;

import io.gatehouse.messaging.Actor;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Set;

/**
 * The authenticated caller, as Azure AD describes it in its token: directory object id, the tenant it signed
 * in to, its directory roles, groups and app roles.
 */
public record Caller(String oid, String tenantId, String name, String preferredUsername, Set<String> groups,
                     Set<String> directoryRoles, Set<String> appRoles) {

    public static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    public static final String OPERATOR_ROLE = "Gatehouse.Operator";

    public static Caller from(Jwt jwt) {
        return new Caller(jwt.getClaimAsString("oid"), jwt.getClaimAsString("tid"), jwt.getClaimAsString("name"),
                jwt.getClaimAsString("preferred_username"), strings(jwt, "groups"), strings(jwt, "wids"),
                strings(jwt, "roles"));
    }

    private static Set<String> strings(Jwt jwt, String claim) {
        List<String> values = jwt.hasClaim(claim) ? jwt.getClaimAsStringList(claim) : null;
        return values == null ? Set.of() : Set.copyOf(values);
    }

    public boolean isGlobalAdministrator() {
        return directoryRoles.contains(GLOBAL_ADMINISTRATOR);
    }

    public boolean isOperator() {
        return appRoles.contains(OPERATOR_ROLE);
    }

    /** How the caller appears in the history of what it caused. */
    public Actor actor() {
        return new Actor(oid, name != null ? name : preferredUsername);
    }
}
