package io.gatehouse.access;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Partner Center's permission areas, in kebab case, with the levels each one allows. Account-level areas
 * apply to the whole account, product-level areas to one product or to all products ({@code *}).
 */
public final class PermissionAreas {

    /** Which levels an area accepts. */
    public enum Allowed {
        BOTH, READ_ONLY, READ_WRITE_ONLY;

        public boolean accepts(PermissionLevel level) {
            return switch (this) {
                case BOTH -> true;
                case READ_ONLY -> level == PermissionLevel.READ;
                case READ_WRITE_ONLY -> level == PermissionLevel.READ_WRITE;
            };
        }
    }

    public static final Map<String, Allowed> ACCOUNT = Stream.of(
                    both("account-settings", "account-users", "ad-campaigns", "ad-mediation", "ad-units", "affiliate-ads",
                            "community-ads", "contact-info", "coppa-compliance", "customer-groups", "manage-product-groups",
                            "new-apps", "new-bundles", "partner-services", "payout-account", "payout-summary",
                            "relying-parties", "sandboxes", "tax-profile", "test-accounts", "xbox-devices"),
                    readOnly("account-level-ad-performance-report", "ad-mediation-reports", "ad-performance-reports",
                            "affiliates-performance-reports", "app-install-ads-reports"),
                    readWriteOnly("order-xbox-dev-kits", "store-sale-events"))
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    public static final Map<String, Allowed> PRODUCT = Stream.of(
                    // analytics
                    readOnly("acquisitions", "usage", "health", "customer-feedback", "xbox-analytics"),
                    // monetization
                    both("promotional-codes", "targeted-offers", "contact-customer", "experimentation", "store-sale-events"),
                    // publishing
                    both("product-setup", "pricing-and-availability", "properties", "age-ratings", "packages",
                            "store-listings", "name-reservations", "store-submission", "new-submission-creation",
                            "disc-request", "disc-royalties"),
                    readWriteOnly("new-add-ons"),
                    // Xbox Live
                    both("relying-parties", "partner-services", "xbox-test-accounts", "xbox-test-accounts-per-sandbox",
                            "xbox-devices", "xbox-devices-per-sandbox", "service-configuration", "tools-access"),
                    readWriteOnly("app-channels"))
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /** The account-level area whose write access lets a member manage the account's users. */
    public static final String ACCOUNT_USERS = "account-users";

    private PermissionAreas() {
    }

    public static Optional<Allowed> accountArea(String name) {
        return Optional.ofNullable(ACCOUNT.get(name));
    }

    public static Optional<Allowed> productArea(String name) {
        return Optional.ofNullable(PRODUCT.get(name));
    }

    private static Stream<Map.Entry<String, Allowed>> both(String... names) {
        return Stream.of(names).map(n -> Map.entry(n, Allowed.BOTH));
    }

    private static Stream<Map.Entry<String, Allowed>> readOnly(String... names) {
        return Stream.of(names).map(n -> Map.entry(n, Allowed.READ_ONLY));
    }

    private static Stream<Map.Entry<String, Allowed>> readWriteOnly(String... names) {
        return Stream.of(names).map(n -> Map.entry(n, Allowed.READ_WRITE_ONLY));
    }
}
