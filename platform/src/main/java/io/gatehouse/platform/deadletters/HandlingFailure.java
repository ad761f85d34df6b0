package io.gatehouse.platform.deadletters;

import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;

/**
 * An event handler's failure, told without the event's data: PostgreSQL's and the JDBC driver's messages may
 * quote the values written (a batch entry's whole statement, a key's value), and this message reaches dead
 * letters, the operator's API and logs. Keeps the original's type name and stack trace, not its message.
 */
public final class HandlingFailure extends RuntimeException {

    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
    private static final int MAX_MESSAGE = 500;

    private final String causeType;
    private final boolean transientFailure;

    private HandlingFailure(String causeType, String message, boolean transientFailure) {
        super(message, null, false, true);
        this.causeType = causeType;
        this.transientFailure = transientFailure;
    }

    /** The failure as is if already told safely, otherwise a safe telling of it. */
    public static HandlingFailure of(Throwable failure) {
        if (failure instanceof HandlingFailure safe) {
            return safe;
        }
        HandlingFailure safe = new HandlingFailure(failure.getClass().getName(), summary(failure), isTransient(failure));
        safe.setStackTrace(failure.getStackTrace());
        return safe;
    }

    /** The type of the exception the handler threw. */
    public String causeType() {
        return causeType;
    }

    /**
     * Whether trying again later may well succeed (the database was unreachable, a lock timed out): such a failure
     * must not dead-letter an event that is fine.
     */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The SQL state and PostgreSQL's primary message with quoted values blanked, or the root cause's type and frame. */
    static String summary(Throwable failure) {
        SQLException sql = deepestSqlException(failure);
        if (sql != null) {
            String text = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
            text = QUOTED.matcher(text.replaceFirst("^ERROR: ", "")).replaceAll("\"…\"");
            return truncate("SQL state " + sql.getSQLState() + ": " + text);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        return truncate(root.getClass().getName() + (frames.length == 0 ? "" : " at " + frames[0]));
    }

    private static SQLException deepestSqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // a batch's own message quotes the whole statement with its values; the next exception tells why
                SQLException next = sql instanceof BatchUpdateException batch ? batch.getNextException() : null;
                found = next != null ? next : sql;
            }
        }
        return found;
    }

    private static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException) {
                return true;
            }
            // class 08: connection exception; 40: transaction rollback (serialization failure, deadlock); 53, 57: resources, operator
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("40")
                    || sql.getSQLState().startsWith("53") || sql.getSQLState().startsWith("57"))) {
                return true;
            }
        }
        return false;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
