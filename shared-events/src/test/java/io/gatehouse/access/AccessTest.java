package io.gatehouse.access;

import io.gatehouse.messaging.Rejection.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTest {

    @Test
    void unionOfAUserAndItsGroupsHasEveryRoleAndTheHigherLevelOfEachArea() {
        Access own = new Access(null, new CustomPermissions(Map.of("payout-account", PermissionLevel.READ), Map.of()));
        Access group = new Access(null, new CustomPermissions(Map.of("payout-account", PermissionLevel.READ_WRITE),
                Map.of("*", Map.of("packages", PermissionLevel.READ))));
        Access developer = Access.ofRoles(Role.DEVELOPER);

        Access union = own.union(group).union(developer);

        assertThat(union.roles()).containsExactly(Role.DEVELOPER);
        assertThat(union.permissions().account()).containsEntry("payout-account", PermissionLevel.READ_WRITE);
        assertThat(union.permissions().products().get("*")).containsEntry("packages", PermissionLevel.READ);
    }

    @Test
    void managersAndAccountUsersWritersManageUsers() {
        assertThat(Access.ofRoles(Role.MANAGER).managesUsers()).isTrue();
        assertThat(Access.ofRoles(Role.DEVELOPER).managesUsers()).isFalse();
        assertThat(Access.ofPermissions(new CustomPermissions(Map.of("account-users", PermissionLevel.READ_WRITE),
                Map.of())).managesUsers()).isTrue();
        assertThat(Access.ofPermissions(new CustomPermissions(Map.of("account-users", PermissionLevel.READ),
                Map.of())).managesUsers()).isFalse();
    }

    @Test
    void namesEveryUnknownAreaAndEveryLevelAnAreaDoesNotAllow() {
        Access access = Access.ofPermissions(new CustomPermissions(
                Map.of("account-settings", PermissionLevel.READ, "coffee-machine", PermissionLevel.READ,
                        "ad-performance-reports", PermissionLevel.READ_WRITE),
                Map.of("*", Map.of("acquisitions", PermissionLevel.READ_WRITE, "packages", PermissionLevel.READ))));

        List<FieldError> problems = Access.problems(access, "access");

        assertThat(problems).extracting(FieldError::field).containsExactlyInAnyOrder(
                "access.permissions.account.coffee-machine",
                "access.permissions.account.ad-performance-reports",
                "access.permissions.products.*.acquisitions");
    }

    @Test
    void refusesBothRolesAndPermissionsAndRefusesNeither() {
        assertThat(Access.problems(new Access(null, null), "access")).hasSize(1);
        assertThat(Access.problems(new Access(new java.util.TreeSet<>(List.of(Role.MANAGER)),
                new CustomPermissions(Map.of("usage", PermissionLevel.READ), Map.of())), "access")).hasSize(1);
        assertThat(Access.problems(Access.ofRoles(), "access")).extracting(FieldError::field)
                .containsExactly("access.roles");
        assertThat(Access.problems(null, "access")).hasSize(1);
        assertThat(Access.problems(Access.ofRoles(Role.MARKETER), "access")).isEmpty();
    }
}
