package io.gatehouse.command.account;

import io.gatehouse.platform.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies and answers of account and tenant writes. */
public final class AccountRequests {

    private AccountRequests() {
    }

    /** A new account's name; the caller becomes its owner. */
    public record NewAccount(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 256, message = "must be at most 256 characters") String displayName) {

        public NewAccount {
            displayName = Text.trimmed(displayName);
        }
    }

    /** The tenant the caller is signed in to, to associate with an account. */
    public record TenantToAssociate(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Pattern(regexp = "^$|" + io.gatehouse.platform.web.Ids.GUID,
                    message = "is not a tenant id (a GUID)") String tenantId) {

        public TenantToAssociate {
            tenantId = Text.trimmed(tenantId);
        }
    }

    public record CreatedAccount(String accountId, String ownerId, String tenantId) {
    }

    public record AssociatedTenant(String accountId, String tenantId) {
    }
}
