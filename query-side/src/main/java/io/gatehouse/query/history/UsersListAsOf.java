package io.gatehouse.query.history;

import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.query.userslist.UsersListViews.Filter;
import io.gatehouse.query.userslist.UsersListViews.MemberRow;
import io.gatehouse.query.userslist.UsersListViews.Page;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
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

    public UsersListAsOf(JdbcTemplate jdbc, HistoryViews history, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.history = history;
        this.serializer = serializer;
    }

    public Page at(String accountId, Instant asOf, Filter filter, int page, int size) {
        List<Long> positions = history.positionsUpTo(accountId, asOf);
        Map<String, MemberRow> members = new LinkedHashMap<>();
        jdbc.query("SELECT global_index, sequence_number, aggregate_identifier, payload_type, payload_revision, payload "
                        + "FROM domain_event_entry WHERE global_index = ANY (?) ORDER BY global_index",
                rs -> {
                    Object event = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes("payload"),
                            byte[].class, rs.getString("payload_type"), rs.getString("payload_revision")));
                    apply(members, event, rs.getLong("sequence_number"));
                }, (Object) positions.toArray(Long[]::new));
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
                    added.access(), "ACTIVE", null, version));
        } else if (event instanceof AccessChanged changed) {
            members.computeIfPresent(changed.memberId(), (id, m) -> new MemberRow(m.memberId(), m.type(),
                    m.displayName(), m.firstName(), m.lastName(), m.username(), m.email(), m.appId(), m.tenantId(),
                    m.directoryObjectId(), changed.access(), m.status(), null, version));
        } else if (event instanceof MemberRemoved removed) {
            members.remove(removed.memberId());
        } else if (event instanceof TenantRemoved removed) {
            members.values().removeIf(m -> m.tenantId().equals(removed.tenantId()));
        }
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
