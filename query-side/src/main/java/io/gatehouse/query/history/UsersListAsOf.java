package io.gatehouse.query.history;

import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.query.userslist.UsersListViews.Filter;
import io.gatehouse.query.userslist.UsersListViews.MemberRow;
import io.gatehouse.query.userslist.UsersListViews.Page;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Users list exactly as it stood at an instant, computed from the events themselves: the audit history
 * says which events of the event store belong to the account, and they are read from domain_event_entry and
 * folded in order, the way the Users list projection folds them.
 */
@Component
public class UsersListAsOf {

    private final JdbcTemplate jdbc;
    private final HistoryViews history;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;

    public UsersListAsOf(JdbcTemplate jdbc, HistoryViews history, @Qualifier("eventSerializer") Serializer serializer,
                         org.axonframework.config.Configuration axon) {
        this.jdbc = jdbc;
        this.history = history;
        this.serializer = serializer;
        this.axon = axon;
    }

    public Page at(String accountId, Instant asOf, Filter filter, int page, int size) {
        List<Long> positions = history.positionsUpTo(accountId, asOf);
        Map<String, MemberRow> members = new LinkedHashMap<>();
        List<GenericDomainEventEntry<byte[]>> stored = jdbc.query("SELECT type, aggregate_identifier, "
                        + "sequence_number, event_identifier, timestamp, payload_type, payload_revision, payload, "
                        + "meta_data FROM domain_event_entry WHERE global_index = ANY (?) ORDER BY global_index",
                (rs, row) -> new GenericDomainEventEntry<>(rs.getString("type"), rs.getString("aggregate_identifier"),
                        rs.getLong("sequence_number"), rs.getString("event_identifier"), rs.getString("timestamp"),
                        rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"),
                        rs.getBytes("meta_data")),
                (Object) positions.toArray(Long[]::new));
        // through the same upcaster chain as the aggregates and the projections: old shapes read as today's
        EventStreamUtils.upcastAndDeserializeDomainEvents(stored.stream(), serializer, axon.upcasterChain())
                .asStream()
                .forEach(event -> apply(members, event.getPayload(), event.getSequenceNumber()));
        List<MemberRow> matching = members.values().stream()
                .filter(m -> filter.type() == null || m.type() == filter.type())
                .filter(m -> filter.tenantId() == null || m.tenantId().equals(filter.tenantId()))
                .filter(m -> filter.status() == null || m.status().equals(filter.status()))
                .filter(m -> matches(m, filter.search()))
                .sorted(Comparator.comparing(MemberRow::displayName, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(MemberRow::memberId))
                .toList();
        List<MemberRow> pageItems = matching.stream().skip((long) page * size).limit(size).toList();
        return new Page(pageItems, matching.size());
    }

    /** One event's effect on the list: the same rules as the Users list projection. */
    static void apply(Map<String, MemberRow> members, Object event, long version) {
        MemberRow before = event instanceof io.gatehouse.membership.MembershipEvent m ? members.get(m.memberId()) : null;
        fold(members, event, version);
        // the rows below are rebuilt field by field: a member's invitation and directory state carry over
        if (event instanceof UserInvited invited) {
            members.computeIfPresent(invited.memberId(), (id, m) -> m.withDirectoryFacts(invited.invitationId(),
                    m.directoryState()));
        } else if (before != null) {
            members.computeIfPresent(before.memberId(), (id, m) -> m.withDirectoryFacts(before.invitationId(),
                    before.directoryState()));
        }
        if (event instanceof io.gatehouse.membership.DirectoryObjectDisabled disabled) {
            members.computeIfPresent(disabled.memberId(), (id, m) -> "DELETED".equals(m.directoryState()) ? m
                    : m.withDirectoryFacts(m.invitationId(), disabled.disabled() ? "DISABLED" : "PRESENT"));
        } else if (event instanceof io.gatehouse.membership.DirectoryObjectDeleted deleted) {
            members.computeIfPresent(deleted.memberId(), (id, m) -> m.withDirectoryFacts(m.invitationId(), "DELETED"));
        }
    }

    private static void fold(Map<String, MemberRow> members, Object event, long version) {
        if (event instanceof MemberAdded added) {
            String firstName = null, lastName = null, username = null, email = null, appId = null;
            if (added instanceof UserAdded user) {
                firstName = user.firstName();
                lastName = user.lastName();
                username = user.username();
                email = user.email();
            } else if (added instanceof ApplicationAdded application) {
                appId = application.appId();
            }
            members.put(added.memberId(), new MemberRow(added.memberId(), added.type(), added.displayName(),
                    firstName, lastName, username, email, appId, added.tenantId(), added.directoryObjectId(),
                    added.access(), "ACTIVE", null, version, List.of(), null));
        } else if (event instanceof AccessReplaced changed) {
            members.computeIfPresent(changed.memberId(), (id, m) -> new MemberRow(m.memberId(), m.type(),
                    m.displayName(), m.firstName(), m.lastName(), m.username(), m.email(), m.appId(), m.tenantId(),
                    m.directoryObjectId(), changed.access(), m.status(), null, version, m.groupIds(), m.syncError()));
        } else if (event instanceof NewUserRequested requested) {
            members.put(requested.memberId(), new MemberRow(requested.memberId(), MemberType.USER,
                    requested.displayName(), requested.firstName(), requested.lastName(), requested.username(), null,
                    null, requested.tenantId(), null, requested.access(), "PROVISIONING", null, version,
                    requested.groups().stream().map(GroupRef::memberId).toList(), null));
        } else if (event instanceof io.gatehouse.membership.NewGroupRequested group) {
            members.put(group.memberId(), new MemberRow(group.memberId(), MemberType.GROUP, group.displayName(), null,
                    null, null, null, null, group.tenantId(), null, group.access(), "PROVISIONING", null, version,
                    List.of(), null));
        } else if (event instanceof io.gatehouse.membership.NewApplicationRequested app) {
            members.put(app.memberId(), new MemberRow(app.memberId(), MemberType.APPLICATION, app.displayName(), null,
                    null, null, null, null, app.tenantId(), null, app.access(), "PROVISIONING", null, version,
                    List.of(), null));
        } else if (event instanceof io.gatehouse.membership.GroupRenamed renamed) {
            members.computeIfPresent(renamed.memberId(), (id, m) -> new MemberRow(m.memberId(), m.type(),
                    renamed.displayName(), m.firstName(), m.lastName(), m.username(), m.email(), m.appId(),
                    m.tenantId(), m.directoryObjectId(), m.access(), m.status(), null, version, m.groupIds(),
                    m.syncError()));
        } else if (event instanceof UserInvited invited) {
            members.put(invited.memberId(), new MemberRow(invited.memberId(), MemberType.USER, invited.email(), null,
                    null, invited.email(), invited.email(), null, invited.tenantId(), null, invited.access(),
                    "INVITATION_PENDING", null, version, List.of(), null));
        } else if (event instanceof InvitationAccepted accepted) {
            members.computeIfPresent(accepted.memberId(), (id, m) -> withStatus(m, "ACTIVE", null, null, version));
        } else if (event instanceof DirectorySynced synced) {
            boolean invitation = synced.operation() == DirectoryOperation.INVITE
                    || synced.operation() == DirectoryOperation.RESEND_INVITATION;
            members.computeIfPresent(synced.memberId(), (id, m) -> withStatus(m,
                    m.status().equals("PROVISIONING") || m.status().equals("SYNC_FAILED")
                            ? (invitation ? "INVITATION_PENDING" : "ACTIVE") : m.status(),
                    synced.directoryObjectId(), null, version));
        } else if (event instanceof DirectorySyncFailed failed) {
            members.computeIfPresent(failed.memberId(), (id, m) -> withStatus(m, "SYNC_FAILED", null,
                    failed.operation() + ": " + failed.reason(), version));
        } else if (event instanceof DirectorySyncRetried retried) {
            String status = switch (retried.operation()) {
                case CREATE_USER, CREATE_GROUP, CREATE_APPLICATION -> "PROVISIONING";
                case INVITE, RESEND_INVITATION -> "INVITATION_PENDING";
                default -> "ACTIVE";
            };
            members.computeIfPresent(retried.memberId(), (id, m) -> withStatus(m, status, null, null, version));
        } else if (event instanceof UserEdited edited) {
            members.computeIfPresent(edited.memberId(), (id, m) -> new MemberRow(m.memberId(), m.type(),
                    edited.displayName() != null ? edited.displayName() : m.displayName(),
                    edited.firstName() != null ? edited.firstName() : m.firstName(),
                    edited.lastName() != null ? edited.lastName() : m.lastName(),
                    edited.username() != null ? edited.username() : m.username(), m.email(), m.appId(), m.tenantId(),
                    m.directoryObjectId(), m.access(), m.status(), null, version, m.groupIds(), m.syncError()));
        } else if (event instanceof io.gatehouse.membership.DirectoryObjectChanged changed) {
            members.computeIfPresent(changed.memberId(), (id, m) -> new MemberRow(m.memberId(), m.type(),
                    changed.displayName() != null ? changed.displayName() : m.displayName(),
                    changed.firstName() != null ? changed.firstName() : m.firstName(),
                    changed.lastName() != null ? changed.lastName() : m.lastName(),
                    changed.username() != null ? changed.username() : m.username(), m.email(), m.appId(),
                    m.tenantId(), m.directoryObjectId(), m.access(), m.status(), null, version,
                    changed.groups() != null ? changed.groups().stream().map(GroupRef::memberId).toList()
                            : m.groupIds(), m.syncError()));
        } else if (event instanceof MemberRemoved removed) {
            members.remove(removed.memberId());
        } else if (event instanceof TenantRemoved removed) {
            members.values().removeIf(m -> m.tenantId().equals(removed.tenantId()));
        }
    }

    private static MemberRow withStatus(MemberRow m, String status, String directoryObjectId, String syncError,
                                        long version) {
        return new MemberRow(m.memberId(), m.type(), m.displayName(), m.firstName(), m.lastName(), m.username(),
                m.email(), m.appId(), m.tenantId(), directoryObjectId != null ? directoryObjectId : m.directoryObjectId(),
                m.access(), status, null, version, m.groupIds(), syncError);
    }

    private static boolean matches(MemberRow member, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.strip().toLowerCase(Locale.ROOT);
        return contains(member.displayName(), needle) || contains(member.username(), needle)
                || contains(member.email(), needle);
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }
}
