package io.gatehouse.query.projections;

import io.gatehouse.app.GatehouseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Readers move to a rebuilt copy only when the hand-over that switched it commits. */
class ProjectionGenerationsTest extends GatehouseIntegrationTest {

    private static final String PROJECTION = "generations-test";

    @Autowired
    ProjectionGenerations generations;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aSwitchRolledBackWithItsHandOverLeavesReadersOnTheCopyTheyHad() {
        String before = generations.live(PROJECTION);
        String other = generations.other(PROJECTION);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            generations.switchTo(PROJECTION, other);
            throw new IllegalStateException("the hand-over failed after the switch");
        })).hasMessageContaining("hand-over failed");

        assertThat(generations.live(PROJECTION)).isEqualTo(before);
        generations.refresh();
        assertThat(generations.live(PROJECTION)).isEqualTo(before);
    }

    @Test
    void aCommittedSwitchSendsReadersToTheOtherCopy() {
        String other = generations.other(PROJECTION + "-committed");

        transactions.executeWithoutResult(tx -> generations.switchTo(PROJECTION + "-committed", other));

        assertThat(generations.live(PROJECTION + "-committed")).isEqualTo(other);
    }
}
