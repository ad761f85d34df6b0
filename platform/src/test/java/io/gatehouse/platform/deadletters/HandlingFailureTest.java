package io.gatehouse.platform.deadletters;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class HandlingFailureTest {

    @Test
    void aFailureIsToldWithoutTheValuesOfTheEvent() {
        HandlingFailure failure = HandlingFailure.of(new IllegalStateException("cannot push ada@contoso.com",
                new SQLException("ERROR: duplicate key value violates unique constraint \"x\"\n"
                        + "  Detail: Key (email)=(ada@contoso.com) already exists.", "23505")));

        assertThat(failure.getMessage()).isEqualTo("SQL state 23505: duplicate key value violates unique constraint \"…\"");
        assertThat(failure.causeType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(failure.isTransient()).isFalse();
        assertThat(HandlingFailure.of(new SQLException("ERROR: deadlock detected", "40P01")).isTransient()).isTrue();
    }

    @Test
    void aFailedBatchIsToldByTheServersReasonNotByTheStatementItQuotes() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO account_view VALUES "
                + "('Ada Lovelace') was aborted: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021", new int[0]);
        batch.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));

        HandlingFailure failure = HandlingFailure.of(new DataIntegrityViolationException("PreparedStatementCallback", batch));

        assertThat(failure.getMessage()).isEqualTo("SQL state 22021: invalid byte sequence for encoding \"…\": 0x00");
        assertThat(failure.causeType()).isEqualTo(DataIntegrityViolationException.class.getName());
        assertThat(failure).hasNoCause();
    }

    @Test
    void aFailureWithoutSqlIsToldByItsTypeAndWhereItHappened() {
        HandlingFailure failure = HandlingFailure.of(new IllegalStateException("wrapper", new NullPointerException("ada@contoso.com")));

        assertThat(failure.getMessage()).startsWith("java.lang.NullPointerException at ").doesNotContain("ada");
    }
}
