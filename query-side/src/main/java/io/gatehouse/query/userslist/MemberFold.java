package io.gatehouse.query.userslist;

import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.DirectoryObjectChanged;
import io.gatehouse.membership.DirectoryObjectDeleted;
import io.gatehouse.membership.DirectoryObjectDisabled;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.ExternalKeyAdded;
import io.gatehouse.membership.ExternalKeyRemoved;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one fold from a member's events to what the Users page shows of it ({@link MemberState}): the Users list
 * projection and the list as of an instant both use it, so they cannot disagree. Pure: no clock, no database.
 * A new event is one more {@link #on} line below.
 */
public final class MemberFold {

    /** One event's effect on a member; {@code member} is null before the member's first event. */
    @FunctionalInterface
    interface Transition<E> {
        MemberState apply(MemberState member, E event, long version, Instant at);
    }

    private static final Map<Class<?>, Transition<?>> TRANSITIONS = new LinkedHashMap<>();

    static {
        // how a member comes to be
        on(MemberAdded.class, (m, e, v, at) -> {
            MemberState added = MemberState.born(e.memberId(), e.accountId(), e.type(), e.tenantId(),
                    e.directoryObjectId(), e.displayName(), e.access(), at, v);
            if (e instanceof UserAdded user) {
                return added.withNames(e.displayName(), user.firstName(), user.lastName(), user.username(), user.email());
            }
            return e instanceof ApplicationAdded application
                    ? added.withApplication(application.appId(), null, null) : added;
        });
        on(NewUserRequested.class, (m, e, v, at) -> MemberState.born(e.memberId(), e.accountId(), MemberType.USER,
                        e.tenantId(), null, e.displayName(), e.access(), at, v)
                .withNames(e.displayName(), e.firstName(), e.lastName(), e.username(), null)
                .withGroups(groupIds(e.groups())));
        on(UserInvited.class, (m, e, v, at) -> MemberState.born(e.memberId(), e.accountId(), MemberType.USER,
                        e.tenantId(), null, e.email(), e.access(), at, v)
                .withNames(e.email(), null, null, e.email(), e.email())
                .withInvitation(e.invitationId(), false));
        on(NewGroupRequested.class, (m, e, v, at) -> MemberState.born(e.memberId(), e.accountId(), MemberType.GROUP,
                e.tenantId(), null, e.displayName(), e.access(), at, v));
        on(NewApplicationRequested.class, (m, e, v, at) -> MemberState.born(e.memberId(), e.accountId(),
                        MemberType.APPLICATION, e.tenantId(), null, e.displayName(), e.access(), at, v)
                .withApplication(null, e.replyUrl(), e.appIdUri()));

        // Partner Center access
        on(AccessReplaced.class, (m, e, v, at) -> m.withAccess(e.access()));

        // what is written through to the directory
        on(UserEdited.class, (m, e, v, at) -> m.withNames(or(e.displayName(), m.displayName()),
                or(e.firstName(), m.firstName()), or(e.lastName(), m.lastName()), or(e.username(), m.username()),
                m.email()));
        on(UserGroupsChanged.class, (m, e, v, at) -> m.withGroups(groupIds(e.groups())));
        on(GroupRenamed.class, (m, e, v, at) -> m.withNames(e.displayName(), m.firstName(), m.lastName(),
                m.username(), m.email()));
        on(ApplicationUrlsChanged.class, (m, e, v, at) -> m.withApplication(m.appId(), or(e.replyUrl(), m.replyUrl()),
                or(e.appIdUri(), m.appIdUri())));
        on(KeyRequested.class, (m, e, v, at) -> m);
        on(KeyAdded.class, (m, e, v, at) -> m.withKey(new MemberState.Key(e.keyId(), e.hint(), e.createdAt(),
                e.expiresAt())));
        on(KeyRemoved.class, (m, e, v, at) -> m.withoutKey(e.keyId()));
        on(PasswordResetRequested.class, (m, e, v, at) -> m);

        // invitations
        on(InvitationResent.class, (m, e, v, at) -> m);
        on(InvitationAccepted.class, (m, e, v, at) -> {
            MemberState accepted = m.withInvitation(m.invitationId() != null ? m.invitationId() : e.invitationId(), true);
            // a failed (re)send no longer matters once the guest has accepted
            boolean moot = m.failedOperation() == DirectoryOperation.INVITE
                    || m.failedOperation() == DirectoryOperation.RESEND_INVITATION;
            return moot ? accepted.withDirectory(m.directoryObjectId(), null, null) : accepted;
        });

        // directory sync: what the push did
        on(DirectorySynced.class, (m, e, v, at) -> m
                .withApplication(or(e.appId(), m.appId()), m.replyUrl(), m.appIdUri())
                .withDirectory(or(e.directoryObjectId(), m.directoryObjectId()), null, null));
        on(DirectorySyncFailed.class, (m, e, v, at) -> m.withDirectory(m.directoryObjectId(), e.operation(),
                e.operation() + ": " + e.reason()));
        // a Manager's retry clears the failure: the member is what it was before it, until the push's outcome
        on(DirectorySyncRetried.class, (m, e, v, at) -> m.withDirectory(m.directoryObjectId(), null, null));

        // what the directory holds, read back by directory sync: changes made outside Gatehouse, existing objects added
        on(DirectoryObjectChanged.class, (m, e, v, at) -> {
            MemberState changed = m.withNames(or(e.displayName(), m.displayName()), or(e.firstName(), m.firstName()),
                            or(e.lastName(), m.lastName()), or(e.username(), m.username()), m.email())
                    .withApplication(m.appId(), or(e.replyUrl(), m.replyUrl()), or(e.appIdUri(), m.appIdUri()));
            return e.groups() == null ? changed : changed.withGroups(groupIds(e.groups()));
        });
        // a deleted object stays deleted: Azure AD does not enable what it has deleted
        on(DirectoryObjectDisabled.class, (m, e, v, at) -> MemberState.DELETED.equals(m.directoryState()) ? m
                : m.withDirectoryState(e.disabled() ? MemberState.DISABLED : MemberState.PRESENT));
        on(DirectoryObjectDeleted.class, (m, e, v, at) -> m.withDirectoryState(MemberState.DELETED));
        // Graph may list a key without its dates: it shows, dated when it was noticed
        on(ExternalKeyAdded.class, (m, e, v, at) -> m.withKey(new MemberState.Key(e.keyId(), e.hint(),
                e.createdAt() != null ? e.createdAt() : at, e.expiresAt() != null ? e.expiresAt() : at)));
        on(ExternalKeyRemoved.class, (m, e, v, at) -> m.withoutKey(e.keyId()));

        on(MemberRemoved.class, (m, e, v, at) -> null);
    }

    private MemberFold() {
    }

    private static <E> void on(Class<E> type, Transition<E> transition) {
        TRANSITIONS.put(type, transition);
    }

    /** Whether an event is one of a member's first: it makes the member rather than changing one. */
    public static boolean makesAMember(Object event) {
        return event instanceof MemberAdded || event instanceof NewUserRequested || event instanceof UserInvited
                || event instanceof NewGroupRequested || event instanceof NewApplicationRequested;
    }

    /** Whether {@link #apply} folds this event. */
    public static boolean folds(Object event) {
        return transition(event) != null;
    }

    /**
     * The member after {@code event}, stored at sequence number {@code version} and time {@code at}; null once
     * removed. An event the member has seen already (its version is not newer) changes nothing, and so does a first
     * event for a member that exists, or a later one for a member that does not.
     */
    public static MemberState apply(MemberState member, MembershipEvent event, long version, Instant at) {
        Transition<MembershipEvent> transition = transition(event);
        if (transition == null || (member != null && member.version() >= version)
                || (member == null) != makesAMember(event)) {
            return member;
        }
        MemberState after = transition.apply(member, event, version, at);
        return after == null ? null : after.at(version);
    }

    /** A member's events folded in order, as they were stored. */
    public static MemberState fold(List<? extends MembershipEvent> events) {
        MemberState member = null;
        long version = 0;
        for (MembershipEvent event : events) {
            member = apply(member, event, version++, Instant.EPOCH);
        }
        return member;
    }

    @SuppressWarnings("unchecked")
    private static <E> Transition<E> transition(Object event) {
        for (Map.Entry<Class<?>, Transition<?>> entry : TRANSITIONS.entrySet()) {
            if (entry.getKey().isInstance(event)) {
                return (Transition<E>) entry.getValue();
            }
        }
        return null;
    }

    private static List<String> groupIds(List<GroupRef> groups) {
        return groups == null ? List.of() : groups.stream().map(GroupRef::memberId).toList();
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
