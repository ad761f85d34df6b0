package io.gatehouse.sync.saga;

import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.UserRef;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.ApplicationKey;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.NewUser;
import io.gatehouse.directory.UserChanges;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Performs one push against the directory port. Every push is safe to repeat, even when an earlier try that timed
 * out lands after the retry looked for it: a creation carries a marker of the request that made it ({@link
 * #marker}), so that a retry adopts what an earlier try made (a unique value's conflict included), and {@link
 * #settle} later removes a duplicate that landed late. Group references that exist already, or are gone already,
 * are fine.
 */
@Component
public class DirectoryPushes {

    /** Tags an application with the member (one creation per member) whose request made it. */
    static final String APPLICATION_TAG = "gatehouse-member:";
    /** A key's displayName: Partner Center's, with the key request that added it. */
    static final String KEY_NAME = "Partner Center ";

    private static final Logger log = LoggerFactory.getLogger(DirectoryPushes.class);

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
     * The marker the push's object carries in the directory, naming the request that made it: a group's
     * mailNickname (made from its member id), an application's tag, a key's displayName; null for other pushes.
     */
    static String marker(String memberId, Push push) {
        return switch (push.operation()) {
            case CREATE_GROUP -> push.mailNickname();
            case CREATE_APPLICATION -> APPLICATION_TAG + memberId;
            case ADD_KEY -> push.keyRequestId() == null ? null : KEY_NAME + push.keyRequestId();
            default -> null;
        };
    }

    /**
     * @param triedBefore whether this member's saga sent this push before without an answer: only then may an
     *                    object found under the same unique value be ours (a try that timed out after succeeding);
     *                    on a first try it is somebody else's, and the directory's conflict is the answer
     */
    public PushResult perform(String tenantId, String memberId, String directoryObjectId, Push push,
                              boolean triedBefore) {
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
                case CREATE_GROUP -> createGroup(tenantId, push, triedBefore);
                case RENAME_GROUP -> {
                    directory.renameGroup(tenantId, requireObject(directoryObjectId), push.displayName());
                    yield new PushResult.Done(directoryObjectId);
                }
                case CREATE_APPLICATION -> createApplication(tenantId, marker(memberId, push), push, triedBefore);
                case UPDATE_APPLICATION -> {
                    directory.updateApplication(tenantId, requireObject(directoryObjectId), push.replyUrl(),
                            push.appIdUri());
                    yield new PushResult.Done(directoryObjectId);
                }
                case ADD_KEY -> addKey(tenantId, requireObject(directoryObjectId), marker(memberId, push), push,
                        triedBefore);
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

    /**
     * Removes what an earlier, timed-out try of a creation made after the retry had looked: every object carrying
     * the request's marker but the one recorded. Nothing is removed when the recorded one is not among them (it
     * may have been deleted on purpose, and then the others are not known to be extras).
     */
    public PushResult settle(String tenantId, LateWriteCheck check) {
        try {
            switch (check.operation()) {
                case CREATE_GROUP -> {
                    List<String> ids = directory.findGroupsByMailNickname(tenantId, check.marker()).stream()
                            .map(DirectoryObject::id).toList();
                    extras(ids, check.keep()).forEach(id -> {
                        log.info("Deleting group {}, a late duplicate of group {}", id, check.keep());
                        directory.deleteGroup(tenantId, id);
                    });
                }
                case CREATE_APPLICATION -> {
                    List<String> ids = directory.findApplicationsByTag(tenantId, check.marker()).stream()
                            .map(Application::objectId).toList();
                    extras(ids, check.keep()).forEach(id -> {
                        log.info("Deleting application {}, a late duplicate of application {}", id, check.keep());
                        directory.deleteApplication(tenantId, id);
                    });
                }
                case ADD_KEY -> {
                    List<String> ids = directory.findKeysByDisplayName(tenantId, check.applicationObjectId(),
                            check.marker()).stream().map(ApplicationKey::keyId).toList();
                    extras(ids, check.keep()).forEach(id -> removeUnshownKey(tenantId, check.applicationObjectId(), id));
                }
                default -> {
                    // nothing another try can leave behind
                }
            }
            return new PushResult.Done(check.keep());
        } catch (DirectoryException e) {
            return failure(e, false);
        }
    }

    private static List<String> extras(List<String> marked, String keep) {
        return marked.contains(keep) ? marked.stream().filter(id -> !id.equals(keep)).toList() : List.of();
    }

    private static PushResult failure(DirectoryException e, boolean objectMade) {
        return e.reason().isTransient()
                ? new PushResult.TryAgain(e.getMessage(), e.retryAfter(),
                        e.reason() == DirectoryException.Reason.UNAVAILABLE)
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
        if (made.isEmpty()) {
            try {
                made = Optional.of(directory.createUser(tenantId, new NewUser(push.firstName(), push.lastName(),
                        push.displayName(), push.username(), mailNickname(push.username()), password.get(),
                        push.email())));
            } catch (DirectoryException e) {
                if (!triedBefore || !conflictOn(e, "userPrincipalName")) {
                    throw e;
                }
                // an earlier try landed after the look-up: the name is taken by our own user
                made = Optional.of(directory.findUserByPrincipalName(tenantId, push.username()).orElseThrow(() -> e));
                directory.resetPassword(tenantId, made.get().id(), password.get());
            }
        } else {
            // a user an earlier try made gets the password shown now (a retry issues a new one)
            directory.resetPassword(tenantId, made.get().id(), password.get());
        }
        DirectoryObject user = made.get();
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

    /**
     * Azure AD keeps a security group's mailNickname (made from the member id) unique only by our own look-up, so
     * tries that landed late are more groups with it: keep the oldest, delete the others.
     */
    private PushResult createGroup(String tenantId, Push push, boolean triedBefore) {
        List<DirectoryObject> made = directory.findGroupsByMailNickname(tenantId, push.mailNickname());
        DirectoryObject group = made.isEmpty()
                ? directory.createGroup(tenantId, push.displayName(), push.mailNickname()) : made.get(0);
        if (triedBefore) {
            for (DirectoryObject extra : made.subList(Math.min(1, made.size()), made.size())) {
                log.info("Deleting group {}, a duplicate of group {} made by an earlier try", extra.id(), group.id());
                directory.deleteGroup(tenantId, extra.id());
            }
        }
        try {
            for (UserRef member : push.members()) {
                directory.addGroupMember(tenantId, group.id(), member.directoryObjectId());
            }
        } catch (DirectoryException e) {
            return failure(e, true);
        }
        return new PushResult.Done(group.id());
    }

    /**
     * An application is ours when it carries this member's tag; the App ID URI is unique in the tenant, so a late
     * try of ours shows up as the retry's identifierUris conflict, adopted when the URI's holder is tagged ours.
     */
    private PushResult createApplication(String tenantId, String tag, Push push, boolean triedBefore) {
        List<Application> made = triedBefore ? directory.findApplicationsByTag(tenantId, tag) : List.of();
        Application application;
        if (!made.isEmpty()) {
            application = made.get(0);
            for (Application extra : made.subList(1, made.size())) {
                log.info("Deleting application {}, a duplicate of application {} made by an earlier try",
                        extra.objectId(), application.objectId());
                directory.deleteApplication(tenantId, extra.objectId());
            }
        } else {
            try {
                application = directory.createApplication(tenantId, push.displayName(), push.replyUrl(),
                        push.appIdUri(), tag);
            } catch (DirectoryException e) {
                if (!conflictOn(e, "identifierUris")) {
                    throw e;
                }
                application = directory.findApplicationsByTag(tenantId, tag).stream()
                        .filter(a -> push.appIdUri().equals(a.appIdUri())).findFirst().orElseThrow(() -> e);
            }
        }
        try {
            directory.ensureServicePrincipal(tenantId, application.appId());
        } catch (DirectoryException e) {
            return failure(e, true);
        }
        return new PushResult.Done(application.objectId(), application.appId());
    }

    /**
     * Graph does not make addPassword idempotent, and a key's secret exists only in the answer that made it. A key
     * is named after its request: a retry removes those an earlier try added (their secret never reached us, so
     * nobody can use them) before adding one whose secret it does receive.
     */
    private PushResult addKey(String tenantId, String applicationObjectId, String name, Push push,
                              boolean triedBefore) {
        if (name == null) {
            name = KEY_NAME.strip();
        } else if (triedBefore) {
            for (ApplicationKey unshown : directory.findKeysByDisplayName(tenantId, applicationObjectId, name)) {
                removeUnshownKey(tenantId, applicationObjectId, unshown.keyId());
            }
        }
        ApplicationKey key = directory.addKey(tenantId, applicationObjectId, name, push.expiresAt());
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

    private void removeUnshownKey(String tenantId, String applicationObjectId, String keyId) {
        log.info("Removing key {} of application {}: an earlier try added it and its secret was never received",
                keyId, applicationObjectId);
        try {
            directory.removeKey(tenantId, applicationObjectId, keyId);
        } catch (DirectoryException e) {
            if (e.reason() != DirectoryException.Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static boolean conflictOn(DirectoryException e, String property) {
        return e.reason() == DirectoryException.Reason.CONFLICT && e.getMessage() != null
                && e.getMessage().contains(property);
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
