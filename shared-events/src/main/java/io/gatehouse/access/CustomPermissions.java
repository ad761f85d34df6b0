package io.gatehouse.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Custom permissions instead of roles: account-level areas, and product-level areas per product id
 * ({@code *} stands for all products, including future ones). Maps are sorted so that equal permissions
 * serialize to equal JSON.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomPermissions(Map<String, PermissionLevel> account,
                                Map<String, Map<String, PermissionLevel>> products) {

    public static final String ALL_PRODUCTS = "*";

    public CustomPermissions {
        account = account == null ? Map.of() : unmodifiableSorted(account);
        TreeMap<String, Map<String, PermissionLevel>> sortedProducts = new TreeMap<>();
        if (products != null) {
            products.forEach((product, areas) -> sortedProducts.put(product,
                    areas == null ? Map.of() : unmodifiableSorted(areas)));
        }
        products = Collections.unmodifiableMap(sortedProducts);
    }

    /** Not a property: stored events and answers written before carry {@code "empty"}, which reads as ignored. */
    @JsonIgnore
    public boolean isEmpty() {
        return account.isEmpty() && products.values().stream().allMatch(Map::isEmpty);
    }

    /** The higher level of each area found in either. */
    public CustomPermissions union(CustomPermissions other) {
        if (other == null) {
            return this;
        }
        Map<String, PermissionLevel> mergedAccount = new TreeMap<>(account);
        other.account.forEach((area, level) -> mergedAccount.merge(area, level, PermissionLevel::max));
        Map<String, Map<String, PermissionLevel>> mergedProducts = new TreeMap<>();
        products.forEach((product, areas) -> mergedProducts.put(product, new TreeMap<>(areas)));
        other.products.forEach((product, areas) -> {
            Map<String, PermissionLevel> target = mergedProducts.computeIfAbsent(product, p -> new TreeMap<>());
            areas.forEach((area, level) -> target.merge(area, level, PermissionLevel::max));
        });
        return new CustomPermissions(mergedAccount, mergedProducts);
    }

    private static <V> Map<String, V> unmodifiableSorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
