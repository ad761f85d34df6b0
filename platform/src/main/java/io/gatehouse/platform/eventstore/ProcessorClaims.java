package io.gatehouse.platform.eventstore;

import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How fast a dead node's event processor segments are taken over: its claims in token_entry lapse after
 * {@code gatehouse.processors.claim-timeout} (the token store's claim timeout, axon.eventhandling.tokenstore.claim-timeout
 * follows it) and a node with a free thread looks for lapsed claims every {@code gatehouse.processors.claim-interval}.
 * Every processor's configuration passes through here.
 */
@Component
public class ProcessorClaims {

    private final Duration timeout;
    private final Duration interval;

    public ProcessorClaims(@Value("${gatehouse.processors.claim-timeout:PT10S}") Duration timeout,
                           @Value("${gatehouse.processors.claim-interval:PT2S}") Duration interval) {
        this.timeout = timeout;
        this.interval = interval;
    }

    public TrackingEventProcessorConfiguration tracking(TrackingEventProcessorConfiguration configuration) {
        return configuration.andTokenClaimInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The coordinator keeps the claims of busy segments (a push waiting 30 s for Graph) alive, at a third of the
     * timeout, so that only a dead node loses them.
     */
    public PooledStreamingEventProcessor.Builder pooled(PooledStreamingEventProcessor.Builder builder) {
        return builder.tokenClaimInterval(interval.toMillis())
                .claimExtensionThreshold(Math.max(1, timeout.toMillis() / 3))
                .enableCoordinatorClaimExtension();
    }
}
