package io.gatehouse.sync.saga;

import io.gatehouse.membership.GroupRef;
import io.gatehouse.platform.directory.Directory;
import io.gatehouse.platform.directory.DirectoryException;
import io.gatehouse.platform.directory.DirectoryObject;
import io.gatehouse.platform.directory.NewUser;
import io.gatehouse.platform.directory.UserChanges;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Performs one push against the directory port. Every push is safe to repeat: a creation looks up the unique
 * value first, so that a retry after a timeout whose request did succeed finds the object instead of making
 * a second; group references that exist already, or are gone already, are fine.
 */
@Component
public class DirectoryPushes {

    private final Directory directory;
    private final OneTimeSecrets secrets;
    private final String inviteRedirectUrl;

    public DirectoryPushes(Directory directory, OneTimeSecrets secrets,
                           @Value("${gatehouse.directory.invite-redirect-url}") String inviteRedirectUrl) {
        this.directory = directory;
        this.secrets = secrets;
        this.inviteRedirectUrl = inviteRedirectUrl;
    }

    public PushResult perform(String tenantId, String directoryObjectId, Push push) {
        try {
            return switch (push.operation()) {
                case CREATE_USER -> createUser(tenantId, push);
                case RESET_PASSWORD -> resetPassword(tenantId, directoryObjectId, push);
                case INVITE -> invite(tenantId, push);
                case RESEND_INVITATION -> {
                    directory.resendInvitation(tenantId, requireObject(directoryObjectId), push.email(), inviteRedirectUrl);
                    yield new PushResult.Done(directoryObjectId);
                }
                case UPDATE_USER -> {
                    directory.updateUser(tenantId, requireObject(directoryObjectId), new UserChanges(push.firstName(),
                            push.lastName(), push.displayName(), push.username()));
                    yield new PushResult.Done(directoryObjectId);
                }
                case UPDATE_GROUPS -> {
                    String userId = requireObject(directoryObjectId);
                    for (GroupRef group : push.groups()) {
                        directory.addGroupMember(tenantId, group.directoryObjectId(), userId);
                    }
                    for (GroupRef group : push.removedGroups()) {
                        directory.removeGroupMember(tenantId, group.directoryObjectId(), userId);
                    }
                    yield new PushResult.Done(directoryObjectId);
                }
            };
        } catch (DirectoryException e) {
            return e.reason().isTransient()
                    ? new PushResult.TryAgain(e.getMessage(), e.retryAfter())
                    : new PushResult.Refused(e.getMessage(), e.code());
        }
    }

    private PushResult createUser(String tenantId, Push push) {
        Optional<String> password = secrets.secret(push.credentialsId());
        Optional<DirectoryObject> made = directory.findUserByPrincipalName(tenantId, push.username());
        if (made.isEmpty() && password.isEmpty()) {
            return new PushResult.Refused("The temporary password expired before the directory had the user; "
                    + "retry to issue a new one.", "TemporaryPasswordExpired");
        }
        DirectoryObject user = made.orElseGet(() -> directory.createUser(tenantId, new NewUser(push.firstName(),
                push.lastName(), push.displayName(), push.username(), mailNickname(push.username()), password.get())));
        if (push.globalAdministrator()) {
            directory.assignGlobalAdministrator(tenantId, user.id());
        }
        for (GroupRef group : push.groups()) {
            directory.addGroupMember(tenantId, group.directoryObjectId(), user.id());
        }
        secrets.ready(push.credentialsId(), Map.of("username", push.username()));
        return new PushResult.Done(user.id());
    }

    private PushResult resetPassword(String tenantId, String directoryObjectId, Push push) {
        Optional<String> password = secrets.secret(push.credentialsId());
        if (password.isEmpty()) {
            return new PushResult.Refused("The temporary password expired before the directory had it; "
                    + "reset the password again.", "TemporaryPasswordExpired");
        }
        DirectoryObject user = directory.findAll(tenantId, io.gatehouse.membership.MemberType.USER,
                java.util.List.of(requireObject(directoryObjectId))).get(directoryObjectId);
        directory.resetPassword(tenantId, directoryObjectId, password.get());
        secrets.ready(push.credentialsId(), Map.of("username", user != null && user.userPrincipalName() != null
                ? user.userPrincipalName() : ""));
        return new PushResult.Done(directoryObjectId);
    }

    private PushResult invite(String tenantId, Push push) {
        Optional<DirectoryObject> invited = directory.findGuestByEmail(tenantId, push.email());
        String guestId = invited.map(DirectoryObject::id)
                .orElseGet(() -> directory.invite(tenantId, push.email(), inviteRedirectUrl).invitedUserId());
        return new PushResult.Done(guestId);
    }

    private static String requireObject(String directoryObjectId) {
        if (directoryObjectId == null) {
            throw new DirectoryException(DirectoryException.Reason.REJECTED, "NotInDirectory",
                    "The user is not in the directory yet.");
        }
        return directoryObjectId;
    }

    /** Azure AD's mailNickname: the username's local part, without the characters it does not allow. */
    static String mailNickname(String username) {
        String local = username.contains("@") ? username.substring(0, username.indexOf('@')) : username;
        String nickname = local.replaceAll("[\\s@()\\\\\\[\\]\";:.<>,]", "").toLowerCase(Locale.ROOT);
        return nickname.isEmpty() ? "user" : nickname.substring(0, Math.min(64, nickname.length()));
    }
}
