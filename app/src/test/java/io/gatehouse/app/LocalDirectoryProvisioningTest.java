package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-try directory (gatehouse.directory.mode=local): new users, invitations and resets end to end. */
class LocalDirectoryProvisioningTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
    private String accountId;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
    }

    private JsonNode memberWhen(String memberId, Predicate<JsonNode> condition) throws InterruptedException {
        return memberWhen(owner, accountId, memberId, condition);
    }

    @Test
    void aNewUserIsProvisionedAndItsTemporaryPasswordIsShownOnce() throws Exception {
        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                "firstName", "Ada", "lastName", "Lovelace", "username", "ada@contoso.com",
                "access", roles("DEVELOPER")));

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        assertThat(created.json().get("status").asText()).isEqualTo("PROVISIONING");
        String memberId = created.json().get("memberId").asText();
        JsonNode member = memberWhen(memberId, m -> m.get("status").asText().equals("ACTIVE"));
        assertThat(member.get("firstName").asText()).isEqualTo("Ada");
        assertThat(member.get("displayName").asText()).isEqualTo("Ada Lovelace");
        assertThat(member.get("directoryObjectId").asText()).isNotBlank();

        String credentials = created.json().get("credentials").asText();
        assertThat(api.as(TestTokens.person("Eve", owner.tenantId())).get(credentials).status()).isEqualTo(403);
        Api.Answer shown = api.as(owner).get(credentials);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.json().get("username").asText()).isEqualTo("ada@contoso.com");
        assertThat(shown.json().get("temporaryPassword").asText()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(api.as(owner).get(credentials).status()).isEqualTo(410);

        Api.Answer reset = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/" + memberId + "/password-reset", "");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        String resetCredentials = reset.json().get("credentials").asText();
        Instant deadline = Instant.now().plusSeconds(20);
        Api.Answer newPassword;
        do {
            newPassword = api.as(owner).get(resetCredentials);
            if (newPassword.status() == 202) {
                assertThat(newPassword.header("Retry-After")).isNotBlank();
                Thread.sleep(50);
            }
        } while (newPassword.status() == 202 && Instant.now().isBefore(deadline));
        assertThat(newPassword.status()).isEqualTo(200);
        assertThat(newPassword.json().get("temporaryPassword").asText())
                .isNotEqualTo(shown.json().get("temporaryPassword").asText());
    }

    @Test
    void onlyAGlobalAdministratorCreatesUsersAndBadInputIsNamed() {
        Person manager = member(owner, accountId, "Maria Manager", "MANAGER");
        Map<String, Object> body = Map.of("firstName", "Ada", "lastName", "Lovelace", "username", "ada2@contoso.com",
                "access", roles("DEVELOPER"));

        assertThat(api.as(manager).post("/api/v1/accounts/" + accountId + "/users/new", body).status()).isEqualTo(403);
        Api.Answer bad = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                "firstName", "", "username", "not a username", "globalAdministrator", true, "access", roles("CEO")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).contains("firstName", "lastName", "username",
                "passwordRecoveryEmail", "access.roles[0]");
    }

    @Test
    void invitedUsersStayPendingUntilTheyAcceptAndCanBeResentUntilThen() throws Exception {
        Api.Answer invited = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", "grace@fabrikam.com; alan@northwind.com, grace@fabrikam.com", "access", roles("MARKETER")));

        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        JsonNode invitations = invited.json().get("invitations");
        assertThat(invitations.findValuesAsText("email")).containsExactly("grace@fabrikam.com", "alan@northwind.com");
        String memberId = invitations.get(0).get("memberId").asText();
        String invitationId = invitations.get(0).get("invitationId").asText();
        JsonNode pending = memberWhen(memberId, m -> m.hasNonNull("directoryObjectId"));
        assertThat(pending.get("status").asText()).isEqualTo("INVITATION_PENDING");
        assertThat(pending.path("invitationId").asText()).as("the member's invitation").isEqualTo(invitationId);

        // the resend link of the Users list: the list item carries the invitation to resend
        JsonNode listed = usersList(owner, accountId, "?status=INVITATION_PENDING").get("items").findParents("memberId")
                .stream().filter(i -> i.get("memberId").asText().equals(memberId)).findFirst().orElseThrow();
        assertThat(listed.path("invitationId").asText()).isEqualTo(invitationId);
        assertThat(api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations/" + listed.get("invitationId")
                .asText() + "/resend", "").status()).isEqualTo(202);
        directory.acceptInvitation(owner.tenantId(), pending.get("directoryObjectId").asText());
        // directory refresh (every second in tests) asks the local directory: nobody calls it here

        memberWhen(memberId, m -> m.get("status").asText().equals("ACTIVE"));
        Api.Answer list = api.as(owner).get("/api/v1/accounts/" + accountId + "/invitations");
        JsonNode grace = list.json().get("items").findParents("invitationId").stream()
                .filter(i -> i.get("invitationId").asText().equals(invitationId)).findFirst().orElseThrow();
        assertThat(grace.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(grace.get("resentAt").isNull()).isFalse();
        assertThat(grace.get("acceptedAt").isNull()).isFalse();
        assertThat(api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations/" + invitationId + "/resend", "")
                .status()).isEqualTo(409);
    }

    @Test
    void moreThanTenOrMalformedAddressesAreRefused() {
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) eleven.append("user").append(i).append("@contoso.com,");

        Api.Answer tooMany = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", eleven.toString(), "access", roles("MARKETER")));
        Api.Answer malformed = api.as(owner).post("/api/v1/accounts/" + accountId + "/invitations",
                Map.of("emails", List.of("ok@contoso.com", "not-an-address", "x@y"), "access", roles("MARKETER")));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").findValuesAsText("field")).containsExactly("emails[1]", "emails[2]");
        assertThat(usersList(owner, accountId, "?status=INVITATION_PENDING").get("total").asLong()).isZero();
    }

    @Test
    void editsAreWrittenThroughToTheDirectory() throws Exception {
        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                "firstName", "Ada", "lastName", "Lovelace", "username", "ada.l@contoso.com", "access", roles("DEVELOPER")));
        String memberId = created.json().get("memberId").asText();
        JsonNode active = memberWhen(memberId, m -> m.get("status").asText().equals("ACTIVE"));

        Api.Answer edited = api.as(owner).patch("/api/v1/accounts/" + accountId + "/users/" + memberId,
                Map.of("lastName", "King", "username", "ada.king@contoso.com"));

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        memberWhen(memberId, m -> m.get("displayName").asText().equals("Ada King"));
        String objectId = active.get("directoryObjectId").asText();
        Instant deadline = Instant.now().plusSeconds(20);
        while (directory.findUserByPrincipalName(owner.tenantId(), "ada.king@contoso.com").isEmpty()) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        assertThat(directory.findUserByPrincipalName(owner.tenantId(), "ada.king@contoso.com").orElseThrow().id())
                .isEqualTo(objectId);
    }
}
