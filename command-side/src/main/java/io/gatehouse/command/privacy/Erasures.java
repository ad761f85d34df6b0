package io.gatehouse.command.privacy;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.privacy.Subject;
import io.gatehouse.platform.eventstore.EventPositions;
import io.gatehouse.platform.eventstore.StoredTokens;
import org.springframework.jdbc.core.JdbcTemplate;
import io.gatehouse.platform.privacy.PersonalDataKeys;
import io.gatehouse.platform.secrets.OneTimeSecrets;
import io.gatehouse.platform.web.WebConfiguration.IdempotencyKeyExpiry;
import io.gatehouse.privacy.PersonErased;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Erases a person, by directory object id, in every account, in one transaction: destroys the keys of the
 * person's data in events (its own, its memberships', its page visits' day keys), so that every stored event
 * reads "[erased]" there; forgets it in the local directory, the stored idempotent answers and the one-time
 * secrets; and records the erasure as a {@link PersonErased} event, on which the read models remove their
 * copies. Ids only are logged and recorded.
 */
@Component
public class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final CommandLookups lookups;
    private final PersonalDataKeys keys;
    private final OneTimeSecrets secrets;
    private final IdempotencyKeyExpiry answers;
    private final ObjectProvider<LocalDirectory> localDirectory;
    private final EventStore eventStore;
    private final TransactionTemplate transactions;
    private final EventPositions positions;
    private final StoredTokens tokens;
    private final JdbcTemplate jdbc;

    public Erasures(CommandLookups lookups, PersonalDataKeys keys, OneTimeSecrets secrets, IdempotencyKeyExpiry answers,
                    ObjectProvider<LocalDirectory> localDirectory, EventStore eventStore,
                    TransactionTemplate transactions, EventPositions positions, StoredTokens tokens, JdbcTemplate jdbc) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.lookups = lookups;
        this.keys = keys;
        this.secrets = secrets;
        this.answers = answers;
        this.localDirectory = localDirectory;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.positions = positions;
    }

    public Erased erase(String directoryObjectId, Actor operator) {
        Erased erased = transactions.execute(status -> {
            List<String> memberIds = lookups.membershipsOfPerson(directoryObjectId);
            Set<String> credentialsIds = credentialsOf(memberIds);
            List<String> subjects = new ArrayList<>();
            subjects.add(Subject.person(directoryObjectId).name());
            memberIds.forEach(memberId -> subjects.add(Subject.member(memberId).name()));
            int keysDestroyed = keys.destroy(subjects, List.of(Subject.visitsPrefix(directoryObjectId)));
            LocalDirectory local = localDirectory.getIfAvailable();
            int directoryObjects = local == null ? 0 : local.erase(directoryObjectId);
            List<String> ids = new ArrayList<>(memberIds);
            ids.add(directoryObjectId);
            int storedAnswers = answers.forgetAnswersAbout(directoryObjectId, ids);
            int oneTimeSecrets = secrets.erase(directoryObjectId, credentialsIds);
            EventMessage<PersonErased> event = GenericEventMessage.asEventMessage(
                    new PersonErased(directoryObjectId, memberIds, operator));
            eventStore.publish(event);
            return new Erased(directoryObjectId, memberIds, keysDestroyed, directoryObjects, storedAnswers,
                    oneTimeSecrets, event.getTimestamp(), event.getIdentifier(), 0);
        });
        long position = positions.positionOfEvent(erased.eventId());
        log.info("Erased person {} (members {}): {} keys destroyed, asked by {}", directoryObjectId,
                erased.memberIds(), erased.keysDestroyed(), operator.oid());
        return erased.at(position);
    }

    /**
     * An erasure by its id (its {@link PersonErased} event's identifier): DONE once every read model that kept a copy of
     * the person's data has applied it, whichever node runs them (read from their stored tokens).
     */
    public Optional<Status> status(String erasureId) {
        return jdbc.query("SELECT global_index FROM domain_event_entry WHERE event_identifier = ? AND payload_type = ?",
                        (rs, i) -> rs.getLong(1), erasureId, PersonErased.class.getAnnotation(
                                io.gatehouse.messaging.StableName.class).value())
                .stream().findFirst()
                .map(position -> READ_MODELS.stream().allMatch(readModel ->
                        StoredTokens.reached(tokens.of(readModel).values(), position)) ? Status.DONE : Status.PENDING);
    }

    public enum Status { PENDING, DONE }

    /** The read models that copy personal data from events and remove it on {@link PersonErased} (query side). */
    static final List<String> READ_MODELS = List.of("users-list", "audit-history", "activity");

    /** The one-time secrets made for the person's memberships: temporary passwords. */
    private Set<String> credentialsOf(List<String> memberIds) {
        Set<String> credentialsIds = new LinkedHashSet<>();
        for (String memberId : memberIds) {
            eventStore.readEvents(memberId).asStream().map(EventMessage::getPayload).forEach(event -> {
                if (event instanceof NewUserRequested requested) {
                    credentialsIds.add(requested.credentialsId());
                } else if (event instanceof PasswordResetRequested reset) {
                    credentialsIds.add(reset.credentialsId());
                } else if (event instanceof DirectorySyncRetried retried && retried.credentialsId() != null) {
                    credentialsIds.add(retried.credentialsId());
                }
            });
        }
        credentialsIds.remove(null);
        return credentialsIds;
    }

    /** What an erasure did; ids and counts only. */
    public record Erased(String directoryObjectId, List<String> memberIds, int keysDestroyed,
                         int localDirectoryObjects, int storedAnswers, int oneTimeSecrets, Instant erasedAt,
                         @com.fasterxml.jackson.annotation.JsonIgnore String eventId,
                         @com.fasterxml.jackson.annotation.JsonIgnore long position) {

        Erased at(long position) {
            return new Erased(directoryObjectId, memberIds, keysDestroyed, localDirectoryObjects, storedAnswers,
                    oneTimeSecrets, erasedAt, eventId, position);
        }
    }
}
