package io.gatehouse.platform.eventstore;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A processor's tokens as stored, whichever node holds its segments: a query node answers for segments it
 * does not process from what the others have committed. Read without claiming them.
 */
@Component
public class StoredTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public StoredTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Segment to token; a segment without a token yet maps to null. */
    public Map<Integer, TrackingToken> of(String processor) {
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", rs -> {
            byte[] token = rs.getBytes(2);
            tokens.put(rs.getInt(1), token == null ? null : serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, rs.getString(3), null)));
        }, processor);
        return tokens;
    }

    /** Whether every token has seen {@code position} (a gap left by a rolled-back transaction aside). */
    public static boolean reached(Collection<TrackingToken> tokens, long position) {
        if (tokens.isEmpty()) {
            return false;
        }
        return tokens.stream().allMatch(token -> ProjectionPositions.reached(token, position));
    }

    /** The lowest position over the tokens, 0 without any. */
    public static long lowest(Collection<TrackingToken> tokens) {
        return tokens.stream().mapToLong(t -> t == null ? 0 : t.position().orElse(0)).min().orElse(0);
    }
}
