package io.gatehouse.axonbaseline;

import io.gatehouse.axonbaseline.Messages.AccessChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The one read model: each member's current roles, written by a tracking processor. Idempotent (an upsert). */
@Component
@ProcessingGroup(MemberAccessProjection.NAME)
class MemberAccessProjection {

    static final String NAME = "member-access";

    private final JdbcTemplate jdbc;

    MemberAccessProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccessChanged event, @SequenceNumber long version) {
        jdbc.update("INSERT INTO member_access (member_id, account_id, roles, version) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (member_id) DO UPDATE SET roles = excluded.roles, version = excluded.version",
                event.memberId(), event.accountId(), String.join(",", event.roles()), version);
    }
}
