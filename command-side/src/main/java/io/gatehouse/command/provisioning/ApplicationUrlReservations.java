package io.gatehouse.command.provisioning;

import io.gatehouse.command.CommandSide;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply URLs and App ID URIs held for an application from the request that names them until directory sync has
 * pushed the creation or change, or given up on it (then the directory itself, or nobody, has the URL). The table's
 * primary key makes the second of two concurrent requests for one URL a 409, which a look-up in the directory alone
 * cannot: neither request's application is there yet, and Graph does not keep Reply URLs unique.
 */
@Component
@ProcessingGroup(CommandSide.LOOKUPS)
public class ApplicationUrlReservations {

    /** A reservation whose request never recorded its member (its process died) is free again after this. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final JdbcTemplate jdbc;

    public ApplicationUrlReservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the given URLs (null ones are skipped) for {@code memberId}; a URL already held for another member is a
     * 409 naming its field, and then nothing stays held.
     */
    public void reserve(String tenantId, String memberId, String replyUrl, String appIdUri) {
        List<FieldError> taken = new ArrayList<>();
        if (replyUrl != null && !hold(tenantId, "REPLY_URL", replyUrl, memberId)) {
            taken.add(new FieldError("replyUrl", "is being given to another application right now"));
        }
        if (appIdUri != null && !hold(tenantId, "APP_ID_URI", appIdUri, memberId)) {
            taken.add(new FieldError("appIdUri", "is being given to another application right now"));
        }
        if (!taken.isEmpty()) {
            release(memberId);
            throw Rejection.conflict("url-taken", "Reply URL and App ID URI must be unique among the tenant's "
                    + "applications.", taken);
        }
    }

    /** Lets go of every URL held for the member. */
    public void release(String memberId) {
        jdbc.update("DELETE FROM application_url_reservation WHERE member_id = ?", memberId);
    }

    private boolean hold(String tenantId, String kind, String url, String memberId) {
        // one held by the same member stays its own; one abandoned by a request that died is taken over
        int held = jdbc.update("INSERT INTO application_url_reservation (tenant_id, url_kind, url, member_id) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, url_kind, url) DO UPDATE "
                        + "SET member_id = excluded.member_id, reserved_at = now() "
                        + "WHERE application_url_reservation.member_id = excluded.member_id "
                        + "OR (application_url_reservation.reserved_at < now() - make_interval(secs => ?) "
                        + "AND NOT EXISTS (SELECT 1 FROM member_lookup m "
                        + "WHERE m.member_id = application_url_reservation.member_id))",
                tenantId, kind, url, memberId, (double) ABANDONED_AFTER.toSeconds());
        return held == 1;
    }

    @EventHandler
    void on(DirectorySynced event) {
        if (event.operation() == DirectoryOperation.CREATE_APPLICATION
                || event.operation() == DirectoryOperation.UPDATE_APPLICATION) {
            release(event.memberId());
        }
    }

    @EventHandler
    void on(DirectorySyncFailed event) {
        if (event.operation() == DirectoryOperation.CREATE_APPLICATION
                || event.operation() == DirectoryOperation.UPDATE_APPLICATION) {
            release(event.memberId());
        }
    }

    @EventHandler
    void on(MemberRemoved event) {
        release(event.memberId());
    }
}
