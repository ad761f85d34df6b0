package io.gatehouse.command.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.platform.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The bodies and answers of the directory lookups and of the local directory's first-try objects. */
public final class DirectoryRecords {

    private DirectoryRecords() {
    }

    /** A local directory object; the user fields are read for users only, and a user needs its principal name. */
    public record NewDirectoryObject(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank")
            @Size(max = 256, message = "must be at most 256 characters") String displayName,
            @Size(max = 64, message = "must be at most 64 characters") String givenName,
            @Size(max = 64, message = "must be at most 64 characters") String surname,
            @Size(max = 113, message = "must be at most 113 characters") String userPrincipalName,
            @Size(max = 256, message = "must be at most 256 characters") String mail) {

        public NewDirectoryObject {
            displayName = Text.trimmed(displayName);
            givenName = Text.trimmed(givenName);
            surname = Text.trimmed(surname);
            userPrincipalName = Text.trimmed(userPrincipalName);
            mail = Text.trimmed(mail);
        }
    }

    /** A user, group or application of the caller's tenant: principal name and mail for users, appId for apps. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DirectoryItem(String id, String displayName, String userPrincipalName, String mail, String appId) {

        static DirectoryItem of(DirectoryObject object) {
            return switch (object.type()) {
                case USER -> new DirectoryItem(object.id(), object.displayName(), object.userPrincipalName(),
                        object.mail(), null);
                case APPLICATION -> new DirectoryItem(object.id(), object.displayName(), null, null, object.appId());
                case GROUP -> new DirectoryItem(object.id(), object.displayName(), null, null, null);
            };
        }
    }

    public record DirectoryItems(List<DirectoryItem> items) {
    }
}
