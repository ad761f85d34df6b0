package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.access.Access;
import io.gatehouse.access.CustomPermissions;
import io.gatehouse.access.PermissionLevel;
import io.gatehouse.access.Role;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads a JSON request body field by field and collects a problem for every bad field, so that a client
 * learns of all its mistakes in one answer. {@link #validOrThrow()} refuses the request before anything runs.
 */
public final class JsonRequest {

    private final JsonNode root;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonRequest(JsonNode root) {
        this.root = root;
    }

    public static JsonRequest of(JsonNode body) {
        JsonRequest request = new JsonRequest(body);
        if (body == null || !body.isObject()) {
            request.reject("body", "must be a JSON object");
        }
        return request;
    }

    public boolean has(String field) {
        return root != null && root.hasNonNull(field);
    }

    public String text(String field, boolean required, int maxLength) {
        JsonNode node = root == null ? null : root.get(field);
        if (node == null || node.isNull()) {
            if (required) reject(field, "is required");
            return null;
        }
        if (!node.isTextual()) {
            reject(field, "must be a string");
            return null;
        }
        String value = node.asText().strip();
        if (required && value.isEmpty()) {
            reject(field, "must not be blank");
        } else if (value.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    public Boolean bool(String field, boolean defaultValue) {
        JsonNode node = root == null ? null : root.get(field);
        if (node == null || node.isNull()) return defaultValue;
        if (!node.isBoolean()) {
            reject(field, "must be true or false");
            return defaultValue;
        }
        return node.asBoolean();
    }

    /**
     * A list of strings: present, between {@code min} and {@code max} items, each accepted by {@code valid},
     * no item twice. Bad items are named by index.
     */
    public List<String> texts(String field, int min, int max, Predicate<String> valid, String invalidMessage) {
        JsonNode node = root == null ? null : root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            if (min > 0) reject(field, "is required");
            return values;
        }
        if (!node.isArray()) {
            reject(field, "must be a list of strings");
            return values;
        }
        if (node.size() < min) reject(field, "must have at least " + min + " item" + (min == 1 ? "" : "s"));
        if (node.size() > max) reject(field, "must have at most " + max + " items");
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String name = field + "[" + i + "]";
            if (!item.isTextual()) {
                reject(name, "must be a string");
            } else if (!valid.test(item.asText())) {
                reject(name, invalidMessage);
            } else if (values.contains(item.asText())) {
                reject(name, "is listed twice");
            } else {
                values.add(item.asText());
            }
        }
        return values;
    }

    /** A Partner Center access: {@code {"roles":[...]}} or {@code {"permissions":{...}}}. */
    public Access access(String field) {
        JsonNode node = root == null ? null : root.get(field);
        if (node == null || node.isNull()) {
            reject(field, "is required: give roles or permissions");
            return null;
        }
        if (!node.isObject()) {
            reject(field, "must be an object with roles or permissions");
            return null;
        }
        int before = errors.size();
        TreeSet<Role> roles = null;
        JsonNode rolesNode = node.get("roles");
        if (rolesNode != null && !rolesNode.isNull()) {
            roles = new TreeSet<>();
            if (!rolesNode.isArray()) {
                reject(field + ".roles", "must be a list of roles");
            } else {
                for (int i = 0; i < rolesNode.size(); i++) {
                    JsonNode role = rolesNode.get(i);
                    try {
                        roles.add(Role.valueOf(role.asText()));
                    } catch (IllegalArgumentException e) {
                        reject(field + ".roles[" + i + "]", "is not a role: use MANAGER, DEVELOPER, "
                                + "BUSINESS_CONTRIBUTOR, FINANCE_CONTRIBUTOR or MARKETER");
                    }
                }
            }
        }
        CustomPermissions permissions = null;
        JsonNode permissionsNode = node.get("permissions");
        if (permissionsNode != null && !permissionsNode.isNull()) {
            if (!permissionsNode.isObject()) {
                reject(field + ".permissions", "must be an object with account and products");
            } else {
                Map<String, PermissionLevel> account = levels(permissionsNode.get("account"),
                        field + ".permissions.account");
                Map<String, Map<String, PermissionLevel>> products = new LinkedHashMap<>();
                JsonNode productsNode = permissionsNode.get("products");
                if (productsNode != null && !productsNode.isNull()) {
                    if (!productsNode.isObject()) {
                        reject(field + ".permissions.products", "must map product ids (or *) to areas");
                    } else {
                        productsNode.fields().forEachRemaining(e -> products.put(e.getKey(),
                                levels(e.getValue(), field + ".permissions.products." + e.getKey())));
                    }
                }
                for (Iterator<String> names = permissionsNode.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("account") && !name.equals("products")) {
                        reject(field + ".permissions." + name, "is not account or products");
                    }
                }
                permissions = new CustomPermissions(account, products);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        Access access = new Access(roles, permissions);
        errors.addAll(Access.problems(access, field));
        return access;
    }

    private Map<String, PermissionLevel> levels(JsonNode node, String field) {
        Map<String, PermissionLevel> levels = new LinkedHashMap<>();
        if (node == null || node.isNull()) return levels;
        if (!node.isObject()) {
            reject(field, "must map permission areas to READ or READ_WRITE");
            return levels;
        }
        node.fields().forEachRemaining(e -> {
            try {
                levels.put(e.getKey(), PermissionLevel.valueOf(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                reject(field + "." + e.getKey(), "must be READ or READ_WRITE");
            }
        });
        return levels;
    }

    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public void validOrThrow() {
        if (!errors.isEmpty()) {
            throw Rejection.invalid("The request has " + errors.size() + " invalid field"
                    + (errors.size() == 1 ? "" : "s") + "; nothing was changed.", errors);
        }
    }
}
