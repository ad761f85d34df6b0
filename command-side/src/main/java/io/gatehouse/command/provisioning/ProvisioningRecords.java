package io.gatehouse.command.provisioning;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.access.Access;
import io.gatehouse.platform.web.AnyGiven;
import io.gatehouse.platform.web.Distinct;
import io.gatehouse.platform.web.Text;
import io.gatehouse.platform.web.ValidAccess;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The bodies and answers of the directory changes: new users, invitations, groups, applications and keys. */
public final class ProvisioningRecords {

    static final String GUID = io.gatehouse.platform.web.Ids.GUID;
    static final String EMAIL = "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$";
    static final String USERNAME = "^[A-Za-z0-9._'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$";
    static final String USERNAME_RULE = "must look like name@domain, a domain of the tenant";

    private ProvisioningRecords() {
    }

    /** A new directory user; a Global Administrator needs a password recovery email. */
    @RecoveryEmailForGlobalAdministrators
    public record NewUser(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 64, message = "must be at most 64 characters") String firstName,
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 64, message = "must be at most 64 characters") String lastName,
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 113, message = "must be at most 113 characters")
            @Pattern(regexp = "^$|" + USERNAME, message = USERNAME_RULE) String username,
            Boolean globalAdministrator,
            @Size(max = 256, message = "must be at most 256 characters")
            @Pattern(regexp = "^$|" + EMAIL, message = "is not an email address") String passwordRecoveryEmail,
            @Size(max = 100, message = "must have at most 100 items") @Distinct
            List<@Pattern(regexp = GUID, message = "is not a member id (a GUID)") String> groupIds,
            @NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {

        public NewUser {
            firstName = Text.trimmed(firstName);
            lastName = Text.trimmed(lastName);
            username = Text.trimmed(username);
            passwordRecoveryEmail = Text.trimmed(passwordRecoveryEmail);
        }

        public boolean asGlobalAdministrator() {
            return Boolean.TRUE.equals(globalAdministrator);
        }

        public List<String> groupIdsOrNone() {
            return groupIds == null ? List.of() : groupIds;
        }
    }

    /** A user's changes: only what is given changes; given names must not be blank. */
    @AnyGiven(message = "give at least one of firstName, lastName, username, groupIds")
    public record UserEdit(
            @Size(min = 1, max = 64, message = "must be 1 to 64 characters, not blank") String firstName,
            @Size(min = 1, max = 64, message = "must be 1 to 64 characters, not blank") String lastName,
            @Size(min = 1, max = 113, message = "must be 1 to 113 characters, not blank")
            @Pattern(regexp = "^$|" + USERNAME, message = USERNAME_RULE) String username,
            @Size(max = 100, message = "must have at most 100 items") @Distinct
            List<@Pattern(regexp = GUID, message = "is not a member id (a GUID)") String> groupIds) {

        public UserEdit {
            firstName = Text.trimmed(firstName);
            lastName = Text.trimmed(lastName);
            username = Text.trimmed(username);
        }
    }

    /**
     * Up to ten outside users by email: "a@x.com, b@y.com; c@z.com" or a list. Separators split list items
     * too; an address given twice is invited once (see the use case).
     */
    public record Invitations(
            @NotNull(message = "is required") @Size(min = 1, message = "must name at least one address")
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<@Size(max = 254, message = "is not an email address")
                 @Pattern(regexp = EMAIL, message = "is not an email address") String> emails,
            @NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {

        public Invitations {
            if (emails != null) {
                List<String> split = new ArrayList<>();
                for (String item : emails) {
                    if (item == null) {
                        split.add(null); // of the wrong type, already named: keeps the indexes
                        continue;
                    }
                    for (String part : item.split("[,;]")) {
                        if (!part.isBlank()) split.add(part.strip());
                    }
                }
                emails = split;
            }
        }
    }

    /** A new security group with user members of the account in it. */
    public record NewGroup(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 256, message = "must be at most 256 characters") String displayName,
            @Size(max = 100, message = "must have at most 100 items") @Distinct
            List<@Pattern(regexp = GUID, message = "is not a member id (a GUID)") String> memberIds,
            @NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {

        public NewGroup {
            displayName = Text.trimmed(displayName);
        }

        public List<String> memberIdsOrNone() {
            return memberIds == null ? List.of() : memberIds;
        }
    }

    /** A group's new name. */
    public record GroupRename(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 256, message = "must be at most 256 characters") String displayName) {

        public GroupRename {
            displayName = Text.trimmed(displayName);
        }
    }

    /** A new Azure AD application: Reply URL and App ID URI, each unique in the tenant. */
    public record NewApplication(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = ApplicationUrls.MAX_LENGTH, message = "must be at most 256 characters")
            @ApplicationUrls.ReplyUrl String replyUrl,
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = ApplicationUrls.MAX_LENGTH, message = "must be at most 256 characters")
            @ApplicationUrls.AppIdUri String appIdUri,
            @Size(max = 120, message = "must be at most 120 characters") String displayName,
            @NotNull(message = "is required: give roles or permissions") @ValidAccess Access access) {

        public NewApplication {
            replyUrl = Text.trimmed(replyUrl);
            appIdUri = Text.trimmed(appIdUri);
            displayName = Text.trimmed(displayName);
        }
    }

    /** An application's changed URLs: only what is given changes. */
    @AnyGiven(message = "give replyUrl, appIdUri or both")
    public record ApplicationChange(
            @Size(min = 1, max = ApplicationUrls.MAX_LENGTH, message = "must be 1 to 256 characters, not blank")
            @ApplicationUrls.ReplyUrl String replyUrl,
            @Size(min = 1, max = ApplicationUrls.MAX_LENGTH, message = "must be 1 to 256 characters, not blank")
            @ApplicationUrls.AppIdUri String appIdUri) {

        public ApplicationChange {
            replyUrl = Text.trimmed(replyUrl);
            appIdUri = Text.trimmed(appIdUri);
        }
    }

    /** A new key; it expires two years from now unless told otherwise. */
    public record NewKey(Instant expiresAt) {
    }

    /** A directory change under way: the member, and what the client gave that it will see again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provisioning(String memberId, String status, String credentials, String tenantId, String replyUrl,
                               String appIdUri) {
    }

    /** A one-time secret is waiting at {@code credentials}, for a key request or a member. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialsWaiting(String keyRequestId, String memberId, String credentials) {
    }

    /** A member changed. */
    public record MemberChanged(String memberId) {
    }

    public record Invited(List<Invitation> invitations) {
    }

    public record Invitation(String invitationId, String memberId, String email, String status) {
    }

    public record Resent(String invitationId, String memberId) {
    }

    /** A Global Administrator's account can only be recovered through a second email address. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = RecoveryEmailForGlobalAdministrators.Validator.class)
    public @interface RecoveryEmailForGlobalAdministrators {

        String message() default "is required";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<RecoveryEmailForGlobalAdministrators, NewUser> {

            @Override
            public boolean isValid(NewUser user, ConstraintValidatorContext context) {
                if (user == null || !user.asGlobalAdministrator()
                        || (user.passwordRecoveryEmail() != null && !user.passwordRecoveryEmail().isEmpty())) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("is required")
                        .addPropertyNode("passwordRecoveryEmail").addConstraintViolation();
                return false;
            }
        }
    }
}
