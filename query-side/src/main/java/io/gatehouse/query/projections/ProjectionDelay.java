package io.gatehouse.query.projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long after an event was made (by its command, just before that command's commit) the projection's rows that
 * show it were committed: the freshness of a projection as the service itself sees it, without the latency of the
 * read a client polls with. Micrometer timer {@code gatehouse.projection.delay}, tagged with the projection, with a
 * histogram for Prometheus. Replays are left out (their events are old by design); a processor catching up after a
 * stop is not, since readers did see those rows late.
 */
public final class ProjectionDelay implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String METER = "gatehouse.projection.delay";

    private final Timer timer;
    private final Clock clock;

    public ProjectionDelay(String projection, MeterRegistry meters, Clock clock) {
        this.timer = Timer.builder(METER).tag("projection", projection)
                .description("From an event's making to the commit of the projection rows that show it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        if (!ReplayToken.isReplay(event)) {
            Instant made = event.getTimestamp();
            // a batch's after-commit handlers run once its transaction has committed: when readers can see the rows
            unitOfWork.afterCommit(u -> timer.record(Duration.between(made, clock.instant())));
        }
        return interceptorChain.proceed();
    }
}
