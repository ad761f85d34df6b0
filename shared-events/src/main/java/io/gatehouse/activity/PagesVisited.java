package io.gatehouse.activity;

import io.gatehouse.messaging.privacy.PersonalData;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in user's page visits in Partner Center, as the portal reported them (at most 100 at a time).
 * Not an aggregate's event: nothing is decided about a visit, so visits never wait for a membership stream.
 * The visitor is a directory object of {@code tenantId}; URLs are personal data, encrypted
 * with a key of the visitor and the day, destroyed after 30 days.
 */
@StableName("PagesVisited")
@Revision("1")
public record PagesVisited(String accountId, String visitorObjectId, String tenantId, List<Visit> visits) {

    public record Visit(@PersonalData(person = "visitorObjectId", day = "visitedAt") String url, Instant visitedAt) {
    }
}
