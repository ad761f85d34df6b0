package io.gatehouse.platform.eventstore;

import io.gatehouse.platform.privacy.PersonalDataKeys;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Axon's JDBC storage engine that, for each batch of events it reads for the tracking processors (and rebuilds),
 * reads the personal data keys the batch's sealed values name in one query, before the events are deserialized
 * (a rebuild otherwise reads one key per person, one round trip each), and paces reads of a busy tail
 * ({@link TailCoalescing}).
 */
class KeyPrefetchingStorageEngine extends JdbcEventStorageEngine {

    /** A sealed value as {@code PersonalDataModule} writes it: {@code {"sealed":1,"key":"<id>",...}}. */
    private static final Pattern SEALED_KEY = Pattern.compile("\"sealed\":1,\"key\":\"([^\"]+)\"");

    private final PersonalDataKeys keys;
    private final TailCoalescing tail;

    KeyPrefetchingStorageEngine(Builder builder, PersonalDataKeys keys, java.time.Duration tailCoalescing) {
        super(builder);
        this.keys = keys;
        this.tail = new TailCoalescing(tailCoalescing);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        tail.beforeRead();
        List<? extends TrackedEventData<?>> events = super.fetchTrackedEvents(lastToken, batchSize);
        tail.afterRead(events.size(), batchSize);
        List<String> keyIds = new ArrayList<>();
        for (TrackedEventData<?> event : events) {
            if (event.getPayload().getData() instanceof byte[] payload) {
                Matcher sealed = SEALED_KEY.matcher(new String(payload, StandardCharsets.ISO_8859_1));
                while (sealed.find()) {
                    keyIds.add(sealed.group(1));
                }
            }
        }
        if (!keyIds.isEmpty()) {
            keys.prefetch(keyIds);
        }
        return events;
    }
}
