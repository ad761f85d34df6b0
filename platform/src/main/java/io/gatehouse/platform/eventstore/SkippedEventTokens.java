package io.gatehouse.platform.eventstore;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token store, except that a tracking processor moving past events it does not handle (another segment's, or
 * types none of its handlers takes) writes its token at most once per {@code interval} per segment instead of once
 * per event. Axon commits such a token in a transaction of its own every time it wakes, so with every processor and
 * segment waking for every event most of the background's durable commits were for events nobody handled.
 * <p>
 * What is held back is only ever such a skip: the next token the segment stores for a batch it handled replaces it,
 * and it is written when the interval has passed, when the processor finds nothing new (its claim extension), and
 * before the segment's token is read or its claim released. So the stored token trails by at most {@code interval}
 * of skipped events: a restart or another node taking the segment over reads those again and skips them again,
 * never a long tail. The claim stays fresh, since the interval is well below the claim timeout. Its processor's
 * own position (its in-memory status, which read-your-writes uses on a node that holds every segment) is not
 * affected.
 */
public final class SkippedEventTokens implements TokenStore {

    private record Held(TrackingToken token, long since) {
    }

    private static final String SKIPPING_FRAME = "lambda$processBatch";

    private final TokenStore delegate;
    private final long intervalMillis;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWritten = new ConcurrentHashMap<>();

    public SkippedEventTokens(TokenStore delegate, Duration interval, Clock clock) {
        this.delegate = delegate;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        String key = key(processorName, segment);
        long now = clock.millis();
        if (isSkip()) {
            Long written = lastWritten.get(key);
            if (written != null && now - written < intervalMillis) {
                held.put(key, new Held(token, now));
                return;
            }
        }
        held.remove(key);
        delegate.storeToken(token, processorName, segment);
        lastWritten.put(key, now);
    }

    /** Whether the caller is a tracking processor storing the token of a batch in which it handled nothing. */
    private static boolean isSkip() {
        return StackWalker.getInstance().walk(frames -> frames.limit(12).anyMatch(frame ->
                frame.getMethodName().startsWith(SKIPPING_FRAME)
                        && frame.getClassName().equals(TrackingEventProcessor.class.getName())));
    }

    /** Writes a held token now (with the claim it renews); true when there was one. */
    private boolean flush(String processorName, int segment) {
        String key = key(processorName, segment);
        Held pending = held.remove(key);
        if (pending == null) {
            return false;
        }
        delegate.storeToken(pending.token(), processorName, segment);
        lastWritten.put(key, clock.millis());
        return true;
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        if (!flush(processorName, segment)) {
            delegate.extendClaim(processorName, segment);
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        flush(processorName, segment);
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        flush(processorName, segment.getSegmentId());
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        try {
            flush(processorName, segment);
        } catch (RuntimeException e) {
            // the claim may be gone already; the skipped events are read again by whoever takes the segment
            held.remove(key(processorName, segment));
        }
        lastWritten.remove(key(processorName, segment));
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        held.remove(key(processorName, segment));
        lastWritten.remove(key(processorName, segment));
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() throws UnableToRetrieveIdentifierException {
        return delegate.retrieveStorageIdentifier();
    }

    private static String key(String processorName, int segment) {
        return processorName + "#" + segment;
    }
}
