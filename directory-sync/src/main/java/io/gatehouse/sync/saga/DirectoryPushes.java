package io.gatehouse.sync.saga;

import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.UserRef;
import io.gatehouse.platform.directory.Application;
import io.gatehouse.platform.directory.ApplicationKey;
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

    /**
     * @param triedBefore whether this member's saga sent this creation before: only then may an object found
     *                    under the same unique value be ours (a try that timed out after succeeding); on a first
     *                    try it is somebody else's, and the directory's conflict is the answer
     */
    public PushResult perform(String tenantId, String directoryObjectId, Push push, boolean triedBefore) {
        try {
            return switch (push.operation()) {
                case CREATE_USER -> createUser(tenantId, push, triedBefore);
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
                case CREATE_GROUP -> createGroup(tenantId, push);
                case RENAME_GROUP -> {
                    directory.renameGroup(tenantId, requireObject(directoryObjectId), push.displayName());
                    yield new PushResult.Done(directoryObjectId);
                }
                case CREATE_APPLICATION -> createApplication(tenantId, push, triedBefore);
                case UPDATE_APPLICATION -> {
                    directory.updateApplication(tenantId, requireObject(directoryObjectId), push.replyUrl(),
                            push.appIdUri());
                    yield new PushResult.Done(directoryObjectId);
                }
                case ADD_KEY -> addKey(tenantId, requireObject(directoryObjectId), push);
                case REMOVE_KEY -> {
                    try {
                        directory.removeKey(tenantId, requireObject(directoryObjectId), push.keyId());
                    } catch (DirectoryException e) {
                        if (e.reason() != DirectoryException.Reason.NOT_FOUND) throw e; // gone already: done
                    }
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
            return failure(e, false);
        }
    }

    private static PushResult failure(DirectoryException e, boolean objectMade) {
        return e.reason().isTransient()
                ? new PushResult.TryAgain(e.getMessage(), e.retryAfter())
                : new PushResult.Refused(e.getMessage(), e.code(), objectMade);
    }

    private PushResult createUser(String tenantId, Push push, boolean triedBefore) {
        Optional<String> password = secrets.secret(push.credentialsId());
        if (password.isEmpty()) {
            return new PushResult.Refused("The temporary password expired before the directory had the user; "
                    + "retry to issue a new one.", "TemporaryPasswordExpired");
        }
        Optional<DirectoryObject> made = triedBefore
                ? directory.findUserByPrincipalName(tenantId, push.username()) : Optional.empty();
        // a user an earlier try made gets the password shown now (a retry issues a new one)
        made.ifPresent(user -> directory.resetPassword(tenantId, user.id(), password.get()));
        DirectoryObject user = made.orElseGet(() -> directory.createUser(tenantId, new NewUser(push.firstName(),
                push.lastName(), push.displayName(), push.username(), mailNickname(push.username()), password.get(),
                push.email())));
        try {
            if (push.globalAdministrator()) {
                directory.assignGlobalAdministrator(tenantId, user.id());
            }
            for (GroupRef group : push.groups()) {
                directory.addGroupMember(tenantId, group.directoryObjectId(), user.id());
            }
        } catch (DirectoryException e) {
            return failure(e, true);
        }
        secrets.ready(push.credentialsId(), Map.of("username", push.username()));
        return new PushResult.Done(user.id());
    }

    private PushResult createGroup(String tenantId, Push push) {
        DirectoryObject group = directory.findGroupByMailNickname(tenantId, push.mailNickname())
                .orElseGet(() -> directory.createGroup(tenantId, push.displayName(), push.mailNickname()));
        try {
            for (UserRef member : push.members()) {
                directory.addGroupMember(tenantId, group.id(), member.directoryObjectId());
            }
        } catch (DirectoryException e) {
            return failure(e, true);
        }
        return new PushResult.Done(group.id());
    }

    private PushResult createApplication(String tenantId, Push push, boolean triedBefore) {
        Optional<Application> made = triedBefore
                ? directory.findApplicationByIdentifierUri(tenantId, push.appIdUri()) : Optional.empty();
        Application application = made.orElseGet(() -> directory.createApplication(tenantId, push.displayName(), push.replyUrl(),
                        push.appIdUri()));
        try {
            directory.ensureServicePrincipal(tenantId, application.appId());
        } catch (DirectoryException e) {
            return failure(e, true);
        }
        return new PushResult.Done(application.objectId(), application.appId());
    }

    /**
     * Keys are the one push that cannot look up before it creates (a key's secret exists only in the answer
     * that made it): a retry after a timeout may leave an unused key in the directory, never a shown one.
     */
    private PushResult addKey(String tenantId, String applicationObjectId, Push push) {
        ApplicationKey key = directory.addKey(tenantId, applicationObjectId, "Partner Center", push.expiresAt());
        DirectoryObject application = directory.findAll(tenantId, io.gatehouse.membership.MemberType.APPLICATION,
                java.util.List.of(applicationObjectId)).get(applicationObjectId);
        Map<String, Object> shown = new java.util.LinkedHashMap<>();
        shown.put("clientId", application == null ? null : application.appId());
        shown.put("keyId", key.keyId());
        shown.put("createdAt", key.createdAt().toString());
        shown.put("expiresAt", key.expiresAt().toString());
        secrets.fill(push.credentialsId(), key.secretText(), shown);
        return new PushResult.KeyMade(key.keyId(), key.hint(), key.createdAt(), key.expiresAt());
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
