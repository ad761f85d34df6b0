package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import io.gatehouse.sync.saga.SagaDeadLetters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member whose directory push has not happened yet (an invited guest, a user being created) has no directory
 * object id: every read of it still answers, with {@code directoryObjectId} null.
 */
class MembersNotYetInTheDirectoryTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
    private String accountId;

    @Autowired
    EventProcessingConfiguration processing;

    /** The directory-sync saga, held still so that the pushes stay on their way. */
    private EventProcessor saga() {
        return processing.eventProcessor(SagaDeadLetters.PROCESSING_GROUP).orElseThrow();
    }

    @BeforeEach
    void accountWithTheDirectoryOnHold() {
        accountId = createAccount(owner);
        saga().shutDown();
    }

    @AfterEach
    void directoryBack() {
        saga().start();
    }

    @Test
    void anInvitedGuestAndAUserBeingCreatedCanBeReadBeforeTheDirectoryHasThem() {
        Api.Answer invited = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", List.of("grace@fabrikam.com"), "access", roles("DEVELOPER")));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        String guest = invited.json().get("invitations").get(0).get("memberId").asText();
        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                "firstName", "Ada", "lastName", "Lovelace", "username", "ada@contoso.com", "access", roles("MARKETER")));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String user = created.json().get("memberId").asText();

        for (String memberId : List.of(guest, user)) {
            String path = "/api/v1/accounts/" + accountId + "/members/" + memberId;
            Api.Answer member = api.as(owner).header("Gatehouse-Min-Position", created.position()).get(path);
            assertThat(member.status()).as(member.toString()).isEqualTo(200);
            assertThat(member.json().get("directoryObjectId").isNull()).as(member.toString()).isTrue();
            assertThat(member.header("ETag")).isNotBlank();

            Api.Answer effective = api.as(owner).get(path + "/effective-access");
            assertThat(effective.status()).as(effective.toString()).isEqualTo(200);
            assertThat(effective.json().get("grantedBy").findValuesAsText("memberId")).containsExactly(memberId);

            Api.Answer activity = api.as(owner).get(path + "/activity");
            assertThat(activity.status()).as(activity.toString()).isEqualTo(200);
            assertThat(activity.json().get("total").asLong()).isZero();
        }
        assertThat(usersList(owner, accountId, "?status=INVITATION_PENDING").get("items")
                .findValuesAsText("memberId")).containsExactly(guest);
        assertThat(usersList(owner, accountId, "?status=PROVISIONING").get("items")
                .findValuesAsText("memberId")).containsExactly(user);
    }
}
