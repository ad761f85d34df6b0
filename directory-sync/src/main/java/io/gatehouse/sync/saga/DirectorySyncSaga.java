package io.gatehouse.sync.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.MembershipCommands.RecordKeyAdded;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.InvitationAccepted;
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
import io.gatehouse.platform.eventstore.CommandRefusal;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pushes one member's directory changes to Azure AD, in the order they were made, and records each outcome
 * as an event through a command. A push the directory throttled or could not take waits for a persistent
 * deadline (db-scheduler: it survives a restart) with capped exponential backoff, or Retry-After; one the
 * directory refused is recorded as a failure with the directory's reason. A creation that succeeded after a try
 * that got no answer is looked at again once that try can no longer land ({@link RetryPolicy#lateWriteWindow()}),
 * and a duplicate it left is removed.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class DirectorySyncSaga {

    static final String RETRY = "directory-push-retry";
    static final String LATE_WRITES = "directory-late-writes";
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
    /** A creation was refused: later pushes wait for a Manager's retry. */
    private boolean blocked;
    /**
     * This saga sent its creation at least once without an answer (or made the object before a later step was
     * refused): an object found under the same unique value, or carrying the request's marker, is its own.
     */
    private boolean creationTried;
    /** Key requests whose addPassword got no answer at least once: a key named after them may be left over. */
    private Set<String> unansweredKeys = new HashSet<>();
    /** Creations to look at again for duplicates that landed late, when {@link #lateWriteDeadline} is due. */
    private List<LateWriteCheck> lateWriteChecks = new ArrayList<>();
    private String lateWriteDeadline;

    private static final java.util.Set<DirectoryOperation> CREATIONS = java.util.EnumSet.of(
            DirectoryOperation.CREATE_USER, DirectoryOperation.INVITE, DirectoryOperation.CREATE_GROUP,
            DirectoryOperation.CREATE_APPLICATION);
    private int attempt;
    private String retryDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(NewUserRequested event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), null);
        enqueue(Push.createUser(event.credentialsId(), event.firstName(), event.lastName(), event.displayName(),
                event.username(), event.globalAdministrator(), event.passwordRecoveryEmail(), event.groups()));
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

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(NewGroupRequested event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), null);
        enqueue(Push.createGroup(event.displayName(), event.mailNickname(), event.members()));
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(NewApplicationRequested event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), null);
        enqueue(Push.createApplication(event.displayName(), event.replyUrl(), event.appIdUri()));
    }

    /** Existing groups and applications: renames, URL changes and keys go through this saga later. */
    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(GroupAdded event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), event.directoryObjectId());
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(ApplicationAdded event) {
        begin(event.accountId(), event.memberId(), event.tenantId(), event.directoryObjectId());
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(GroupRenamed event) {
        enqueue(Push.renameGroup(event.displayName()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(ApplicationUrlsChanged event) {
        enqueue(Push.updateApplication(event.replyUrl(), event.appIdUri()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(KeyRequested event) {
        enqueue(Push.addKey(event.keyRequestId(), event.credentialsId(), event.expiresAt()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(KeyRemoved event) {
        enqueue(Push.removeKey(event.keyId()));
    }

    @SagaEventHandler(associationProperty = "memberId")
    void on(InvitationResent event) {
        enqueue(Push.resendInvitation(email));
    }

    /** An accepted invitation is never resent: its e-mail address is not kept any longer. */
    @SagaEventHandler(associationProperty = "memberId")
    void on(InvitationAccepted event) {
        email = null;
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
        Push retry = switch (event.operation()) {
            case CREATE_USER -> new Push(DirectoryOperation.CREATE_USER, event.credentialsId(), lastCreate.firstName(),
                    lastCreate.lastName(), lastCreate.displayName(), lastCreate.username(),
                    lastCreate.globalAdministrator(), lastCreate.email(), lastCreate.groups(), List.of());
            case RESET_PASSWORD -> Push.resetPassword(event.credentialsId());
            case INVITE -> Push.invite(email);
            case RESEND_INVITATION -> Push.resendInvitation(email);
            case CREATE_GROUP, CREATE_APPLICATION -> lastCreate;
            default -> lastFailed;
        };
        blocked = false;
        if (retry != null && retry.operation() == DirectoryOperation.ADD_KEY && retry.keyRequestId() != null) {
            // it failed after tries that may have added keys whose secret never came back
            unansweredKeys.add(retry.keyRequestId());
        }
        if (retry != null) {
            pending.add(0, retry);
        }
        if (retryDeadline == null) {
            pushPending();
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "memberId")
    void on(MemberRemoved event) {
        if (retryDeadline != null) {
            deadlines.cancelSchedule(RETRY, retryDeadline);
        }
        if (lateWriteDeadline != null) {
            deadlines.cancelSchedule(LATE_WRITES, lateWriteDeadline);
        }
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        pushPending();
    }

    /** Removes what late-landing tries left; checks the directory could not take are made again, a few times. */
    @DeadlineHandler(deadlineName = LATE_WRITES)
    void checkLateWrites() {
        lateWriteDeadline = null;
        List<LateWriteCheck> due = lateWriteChecks;
        lateWriteChecks = new ArrayList<>();
        for (LateWriteCheck check : due) {
            PushResult result = pushes.settle(tenantId, check);
            if (result instanceof PushResult.TryAgain tryAgain && !retryPolicy.givesUp(check.attempt() + 1)) {
                lateWriteChecks.add(check.again());
            } else if (!(result instanceof PushResult.Done)) {
                log.warn("Gave up looking for late duplicates of {} {} of member {}: {}", check.operation(),
                        check.keep(), memberId, result);
            }
        }
        scheduleLateWriteCheck();
    }

    private void checkLater(LateWriteCheck check) {
        lateWriteChecks.add(check);
        scheduleLateWriteCheck();
    }

    private void scheduleLateWriteCheck() {
        if (!lateWriteChecks.isEmpty() && lateWriteDeadline == null) {
            lateWriteDeadline = deadlines.schedule(retryPolicy.lateWriteWindow(), LATE_WRITES);
        }
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
        if (blocked && lastCreate != null && foldIntoCreation(push)) {
            // the object is not in the directory: the Manager's retry creates it as it is now
            return;
        }
        pending.add(push);
        if (!blocked && pending.size() == 1 && retryDeadline == null) {
            pushPending();
        }
    }

    /** Folds a change made after a refused creation into the creation a retry will push; false if it does not apply. */
    private boolean foldIntoCreation(Push change) {
        Push c = lastCreate;
        if (change.operation() == DirectoryOperation.UPDATE_USER && c.operation() == DirectoryOperation.CREATE_USER) {
            lastCreate = new Push(c.operation(), c.credentialsId(), or(change.firstName(), c.firstName()),
                    or(change.lastName(), c.lastName()), or(change.displayName(), c.displayName()),
                    or(change.username(), c.username()), c.globalAdministrator(), c.email(), c.groups(), List.of());
            return true;
        }
        if (change.operation() == DirectoryOperation.UPDATE_APPLICATION
                && c.operation() == DirectoryOperation.CREATE_APPLICATION) {
            lastCreate = Push.createApplication(c.displayName(), or(change.replyUrl(), c.replyUrl()),
                    or(change.appIdUri(), c.appIdUri()));
            return true;
        }
        if (change.operation() == DirectoryOperation.RENAME_GROUP && c.operation() == DirectoryOperation.CREATE_GROUP) {
            lastCreate = Push.createGroup(change.displayName(), c.mailNickname(), c.members());
            return true;
        }
        return false;
    }

    private static String or(String changed, String current) {
        return changed != null ? changed : current;
    }

    /** Pushes what is pending, in order, until done or until one has to wait. */
    private void pushPending() {
        while (!pending.isEmpty() && !blocked) {
            Push push = pending.get(0);
            boolean creation = directoryObjectId == null && CREATIONS.contains(push.operation());
            if (creation) {
                lastCreate = push;
            }
            boolean key = push.operation() == DirectoryOperation.ADD_KEY && push.keyRequestId() != null;
            boolean triedBefore = creation ? creationTried : key && unansweredKeys.contains(push.keyRequestId());
            PushResult result = pushes.perform(tenantId, memberId, directoryObjectId, push, triedBefore);
            boolean mayHaveLanded = result instanceof PushResult.TryAgain tried && tried.mayHaveLanded();
            if (creation && (mayHaveLanded
                    || (result instanceof PushResult.Refused refused && refused.objectMade()))) {
                // the object may exist, and is ours: a retry looks it up instead of making a second one
                creationTried = true;
            }
            if (key && mayHaveLanded) {
                unansweredKeys.add(push.keyRequestId());
            }
            if (result instanceof PushResult.TryAgain tryAgain) {
                attempt++;
                if (!retryPolicy.givesUp(attempt)) {
                    Duration wait = retryPolicy.delay(attempt, tryAgain.retryAfter());
                    if (push.operation() == DirectoryOperation.INVITE && mayHaveLanded
                            && wait.compareTo(retryPolicy.lateWriteWindow()) < 0) {
                        // an invitation e-mail cannot be taken back: give a late one time to show before looking
                        wait = retryPolicy.lateWriteWindow();
                    }
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
            if (result instanceof PushResult.KeyMade made) {
                if (key && unansweredKeys.remove(push.keyRequestId())) {
                    checkLater(new LateWriteCheck(push.operation(), DirectoryPushes.marker(memberId, push),
                            made.keyId(), directoryObjectId, 0));
                }
                record(new RecordKeyAdded(memberId, accountId, push.keyRequestId(), made.keyId(), made.hint(),
                        made.createdAt(), made.expiresAt()));
            } else if (result instanceof PushResult.Done done) {
                if (done.directoryObjectId() != null) {
                    directoryObjectId = done.directoryObjectId();
                }
                String marker = DirectoryPushes.marker(memberId, push);
                if (creation && creationTried && marker != null) {
                    checkLater(new LateWriteCheck(push.operation(), marker, directoryObjectId, null, 0));
                }
                record(new RecordDirectorySync(memberId, accountId, push.operation(), directoryObjectId, done.appId()));
                // the saga keeps no personal data it no longer needs: a creation or a failure is retried only
                // until it is done
                if (creation) {
                    lastCreate = null;
                }
                if (push.equals(lastFailed)) {
                    lastFailed = null;
                }
            } else if (result instanceof PushResult.Refused refused) {
                lastFailed = push;
                record(new RecordDirectorySyncFailure(memberId, accountId, push.operation(), refused.reason(),
                        refused.code()));
                if (directoryObjectId == null) {
                    // nothing can be pushed for an object that is not in the directory: wait for a Manager's retry
                    blocked = true;
                }
            }
        }
    }

    /**
     * Records a push's outcome on the member. The push has reached the directory, so the outcome must not be
     * lost to a moment without a command node (a rolling restart): the cluster's own failures are retried here,
     * a few times, before the event fails.
     */
    private void record(Object outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(outcome);
                return;
            } catch (RuntimeException e) {
                if (CommandRefusal.isNotFound(e)) {
                    log.info("Member {} was removed before directory sync recorded an outcome", memberId);
                    return;
                }
                if (!CommandRefusal.isUnreachable(e) || attempt == RECORD_ATTEMPTS) throw e;
                log.warn("No command node took the outcome for member {} (try {}); trying again", memberId, attempt);
                try {
                    Thread.sleep(attempt * 1_000L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int RECORD_ATTEMPTS = 5;
}
