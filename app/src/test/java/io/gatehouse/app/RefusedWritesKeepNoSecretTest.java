package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A temporary password or key is kept only once its command is accepted: a write the member refuses leaves nothing in
 * the one-time store, and an accepted one leaves exactly its own entry.
 */
class RefusedWritesKeepNoSecretTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
    private String accountId;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
    }

    private long secretsOf(Person person) {
        return jdbc.queryForObject("SELECT count(*) FROM one_time_secret WHERE owner_oid = ?", Long.class, person.oid());
    }

    @Test
    void aRefusedPasswordResetOrRetryLeavesNoSecret() {
        Api.Answer invited = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", List.of("grace@fabrikam.com"), "access", roles("DEVELOPER")));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        String guest = invited.json().get("invitations").get(0).get("memberId").asText();
        String ada = add(owner, accountId, "users", roles("DEVELOPER"), directoryUser(owner, accountId, "Ada Lovelace"))
                .get(0);
        long before = secretsOf(owner);

        Api.Answer reset = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/" + guest + "/password-reset", "");
        assertThat(reset.status()).as("a guest has no password here: " + reset).isEqualTo(409);
        Api.Answer retry = api.as(owner).post("/api/v1/accounts/" + accountId + "/members/" + ada
                + "/directory-sync/retry", "");
        assertThat(retry.status()).as("nothing failed: " + retry).isEqualTo(409);

        assertThat(secretsOf(owner)).as("one-time secrets after two refused writes").isEqualTo(before);

        Api.Answer accepted = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/" + ada + "/password-reset", "");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(secretsOf(owner)).as("one-time secrets after an accepted reset").isEqualTo(before + 1);
    }
}
