package io.gatehouse.query.history;

import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.query.userslist.MemberFold;
import io.gatehouse.query.userslist.MemberState;
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
 * folded in order by the Users list projection's own fold ({@link MemberFold}), group membership, URLs and keys
 * included.
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
        Map<String, MemberState> members = new LinkedHashMap<>();
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
                .forEach(event -> apply(members, event.getPayload(), event.getSequenceNumber(), event.getTimestamp()));
        List<MemberRow> matching = members.values().stream().map(MemberRow::of)
                .filter(m -> filter.type() == null || m.type() == filter.type())
                .filter(m -> filter.tenantId() == null || m.tenantId().equals(filter.tenantId()))
                .filter(m -> filter.status() == null || m.status() == filter.status())
                .filter(m -> matches(m, filter.search()))
                .sorted(Comparator.comparing(MemberRow::displayName, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(MemberRow::memberId))
                .toList();
        List<MemberRow> pageItems = matching.stream().skip((long) page * size).limit(size).toList();
        return new Page(pageItems, matching.size());
    }

    /** One event's effect on the list: each member's events through the Users list projection's own fold. */
    static void apply(Map<String, MemberState> members, Object event, long version, Instant at) {
        if (event instanceof MembershipEvent membership) {
            MemberState after = MemberFold.apply(members.get(membership.memberId()), membership, version, at);
            if (after == null) {
                members.remove(membership.memberId());
            } else {
                members.put(membership.memberId(), after);
            }
        } else if (event instanceof TenantRemoved removed) {
            members.values().removeIf(m -> m.accountId().equals(removed.accountId())
                    && m.tenantId().equals(removed.tenantId()));
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
