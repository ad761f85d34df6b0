package io.gatehouse.sync.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySyncFailure;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes one member's directory changes to Azure AD, in the order they were made, and records each outcome
 * as an event through a command. A push the directory throttled or could not take waits for a persistent
 * deadline (db-scheduler: it survives a restart) with capped exponential backoff, or Retry-After; one the
 * directory refused is recorded as a failure with the directory's reason.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class DirectorySyncSaga {

    static final String RETRY = "directory-push-retry";
    private static final Logger log = LoggerFactory.getLogger(DirectorySyncSaga.class);

    @Autowired
    @JsonIgnore
    private transient DirectoryPushes pushes;
    @Autowired
    @JsonIgnore
    private transient CommandGateway commands;
    @Autowired
    @JsonIgnore
    private transient DeadlineManager deadlines;
    @Autowired
    @JsonIgnore
    private transient RetryPolicy retryPolicy;

    private String accountId;
    private String memberId;
    private String tenantId;
    private String directoryObjectId;
    private String email;
    private List<Push> pending = new ArrayList<>();
    private int attempt;
    private String retryDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(NewUserRequested event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), null);
        enqueue(Push.createUser(event.credentialsId(), event.firstName(), event.lastName(), event.displayName(),
                event.username(), event.globalAdministrator(), event.groups()));
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(UserInvited event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), null);
        email = event.email();
        enqueue(Push.invite(event.email()));
    }

    /** An existing user: nothing to push now, but later edits and resets go through this saga. */
    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(UserAdded event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), event.directoryObjectId());
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(InvitationResent event) {
        enqueue(Push.resendInvitation(email));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(PasswordResetRequested event) {
        enqueue(Push.resetPassword(event.credentialsId()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(UserEdited event) {
        enqueue(Push.updateUser(event.firstName(), event.lastName(), event.displayName(), event.username()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(UserGroupsChanged event) {
        enqueue(Push.updateGroups(event.added(), event.removed()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(DirectorySyncRetried event) {
        enqueue(switch (event.operation()) {
            case CREATE_USER -> {
                Push failed = pending.isEmpty() ? lastCreate : pending.get(0);
                yield new Push(DirectoryOperation.CREATE_USER, event.credentialsId(), failed.firstName(),
                        failed.lastName(), failed.displayName(), failed.username(), failed.globalAdministrator(),
                        null, failed.groups(), List.of());
            }
            case RESET_PASSWORD -> Push.resetPassword(event.credentialsId());
            case INVITE -> Push.invite(email);
            case RESEND_INVITATION -> Push.resendInvitation(email);
            default -> lastFailed;
        });
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(MemberRemoved event) {
        if (retryDeadline != null) {
            deadlines.cancelSchedule(RETRY, retryDeadline);
        }
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        pushPending();
    }

    /** What a retry of a failed push needs again. */
    private Push lastCreate;
    private Push lastFailed;

    private void begin(String accountId, String memberId, String tenantId, String directoryObjectId) {
        this.accountId = accountId;
        this.memberId = memberId;
        this.tenantId = tenantId;
        this.directoryObjectId = directoryObjectId;
    }

    private void enqueue(Push push) {
        if (push == null) {
            return;
        }
        pending.add(push);
        if (pending.size() == 1 && retryDeadline == null) {
            pushPending();
        }
    }

    /** Pushes what is pending, in order, until done or until one has to wait. */
    private void pushPending() {
        while (!pending.isEmpty()) {
            Push push = pending.get(0);
            if (push.operation() == DirectoryOperation.CREATE_USER) {
                lastCreate = push;
            }
            PushResult result = pushes.perform(tenantId, directoryObjectId, push);
            if (result instanceof PushResult.TryAgain tryAgain) {
                attempt++;
                if (!retryPolicy.givesUp(attempt)) {
                    Duration wait = retryPolicy.delay(attempt, tryAgain.retryAfter());
                    log.info("Directory push {} for member {} will be retried in {} (attempt {})", push.operation(),
                            memberId, wait, attempt);
                    retryDeadline = deadlines.schedule(wait, RETRY);
                    return;
                }
                result = new PushResult.Refused("Gave up after " + attempt + " attempts: " + tryAgain.reason(),
                        "RetriesExhausted");
            }
            pending.remove(0);
            attempt = 0;
            if (result instanceof PushResult.Done done) {
                if (done.directoryObjectId() != null) {
                    directoryObjectId = done.directoryObjectId();
                }
                record(new RecordDirectorySync(memberId, accountId, push.operation(), directoryObjectId));
            } else if (result instanceof PushResult.Refused refused) {
                lastFailed = push;
                record(new RecordDirectorySyncFailure(memberId, accountId, push.operation(), refused.reason(),
                        refused.code()));
                if (directoryObjectId == null) {
                    // nothing after a failed creation can be pushed: a Manager's retry starts again
                    pending.clear();
                }
            }
        }
    }

    private void record(Object outcome) {
        try {
            commands.sendAndWait(outcome);
        } catch (AggregateNotFoundException removed) {
            log.info("Member {} was removed before directory sync recorded an outcome", memberId);
        }
    }
}
