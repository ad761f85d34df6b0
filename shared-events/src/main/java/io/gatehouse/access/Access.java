package io.gatehouse.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.messaging.StableName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a member may do in Partner Center: one or more {@link Role roles}, or a set of
 * {@link CustomPermissions custom permissions}. A union of several members' access (a user and the groups it
 * belongs to) may carry both.
 */
@StableName("Access")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Access(SortedSet<Role> roles, CustomPermissions permissions) {

    public static final Access NONE = new Access(null, null);

    public Access {
        roles = roles == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    }

    public static Access ofRoles(Role... roles) {
        return new Access(new TreeSet<>(List.of(roles)), null);
    }

    public static Access ofPermissions(CustomPermissions permissions) {
        return new Access(null, permissions);
    }

    @JsonIgnore
    public boolean hasRole(Role role) {
        return roles != null && roles.contains(role);
    }

    /** May manage the account's users: the Manager role, or write access to the account-users area. */
    @JsonIgnore
    public boolean managesUsers() {
        return hasRole(Role.MANAGER) || (permissions != null
                && permissions.account().get(PermissionAreas.ACCOUNT_USERS) == PermissionLevel.READ_WRITE);
    }

    @JsonIgnore
    public boolean isNone() {
        return (roles == null || roles.isEmpty()) && (permissions == null || permissions.isEmpty());
    }

    public Access union(Access other) {
        if (other == null || other.isNone()) {
            return this;
        }
        if (isNone()) {
            return other;
        }
        Set<Role> mergedRoles = EnumSet.noneOf(Role.class);
        if (roles != null) mergedRoles.addAll(roles);
        if (other.roles != null) mergedRoles.addAll(other.roles);
        CustomPermissions mergedPermissions = permissions == null ? other.permissions : permissions.union(other.permissions);
        return new Access(mergedRoles.isEmpty() ? null : new TreeSet<>(mergedRoles), mergedPermissions);
    }

    /**
     * Checks an access as a client sent it: exactly one of roles or permissions, known names only, levels the
     * area allows. Each problem names the field it concerns, relative to {@code prefix}.
     */
    public static List<FieldError> problems(Access access, String prefix) {
        List<FieldError> problems = new ArrayList<>();
        if (access == null) {
            problems.add(error(prefix, "is required: give roles or permissions"));
            return problems;
        }
        boolean hasRoles = access.roles != null;
        boolean hasPermissions = access.permissions != null;
        if (hasRoles == hasPermissions) {
            problems.add(error(prefix, "give either roles or permissions, not both and not neither"));
            return problems;
        }
        if (hasRoles && access.roles.isEmpty()) {
            problems.add(error(prefix + ".roles", "must name at least one role"));
        }
        if (hasPermissions) {
            CustomPermissions p = access.permissions;
            if (p.isEmpty()) {
                problems.add(error(prefix + ".permissions", "must grant at least one permission"));
            }
            p.account().forEach((area, level) -> checkArea(problems, prefix + ".permissions.account." + area,
                    PermissionAreas.accountArea(area).orElse(null), level));
            p.products().forEach((product, areas) -> {
                String productField = prefix + ".permissions.products." + product;
                if (!product.equals(CustomPermissions.ALL_PRODUCTS) && !product.matches("[A-Za-z0-9-]{1,64}")) {
                    problems.add(error(productField, "is not a product id: use a Partner Center product id or *"));
                }
                areas.forEach((area, level) -> checkArea(problems, productField + "." + area,
                        PermissionAreas.productArea(area).orElse(null), level));
            });
        }
        return problems;
    }

    private static void checkArea(List<FieldError> problems, String field,
                                  PermissionAreas.Allowed allowed, PermissionLevel level) {
        if (allowed == null) {
            problems.add(error(field, "is not a Partner Center permission area"));
        } else if (level == null) {
            problems.add(error(field, "needs a level: READ or READ_WRITE"));
        } else if (!allowed.accepts(level)) {
            problems.add(error(field, "does not allow " + level + " (allowed: "
                    + (allowed == PermissionAreas.Allowed.READ_ONLY ? "READ" : "READ_WRITE") + ")"));
        }
    }

    private static FieldError error(String field, String message) {
        return new FieldError(field, message);
    }
}
