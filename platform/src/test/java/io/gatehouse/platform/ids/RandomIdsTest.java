package io.gatehouse.platform.ids;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RandomIdsTest {

    @Test
    void axonGivesEveryMessageItsIdentifierFromRandomIds() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(RandomIds.class);
    }

    @Test
    void identifiersAreRandomVersion4UuidsAsUuidRandomUuidMakesThem() {
        UUID id = UUID.fromString(IdentifierFactory.getInstance().generateIdentifier());

        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void threadsWithTheirOwnGeneratorsNeverRepeatAnIdentifier() throws InterruptedException {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    seen.add(RandomIds.uuid());
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).hasSize(8 * 20_000);
    }
}
