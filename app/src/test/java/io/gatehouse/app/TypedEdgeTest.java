package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed HTTP edge: ids in URLs are GUIDs or a 400 naming them, and the Users page's reads have real schemas. */
class TypedEdgeTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();

    @Test
    void aMalformedIdInTheUrlIsA400NamingItAndChangesNothing() {
        String accountId = createAccount(owner);
        String ada = member(owner, accountId, "Ada Lovelace", "DEVELOPER").oid();
        String adaMember = usersList(owner, accountId, "").get("items").get(0).get("memberId").asText();

        for (Api.Answer answer : List.of(
                api.as(owner).get("/api/v1/accounts/" + accountId + "/members/not-a-guid"),
                api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + adaMember.toUpperCase() + "x/access",
                        roles("MANAGER")),
                api.as(owner).delete("/api/v1/accounts/" + accountId + "/members/1-2-3-4-5"))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asText()).isEqualTo("The URL has a malformed id.");
            assertThat(answer.json().get("errors").findValuesAsText("field")).containsExactly("memberId");
            assertThat(answer.json().get("errors").findValuesAsText("message"))
                    .containsExactly("is not a valid id (a GUID)");
        }
        JsonNode stillThere = usersList(owner, accountId, "").get("items").get(0);
        assertThat(stillThere.get("directoryObjectId").asText()).isEqualTo(ada);
        assertThat(stillThere.get("access").get("roles").get(0).asText()).as("access unchanged").isEqualTo("DEVELOPER");
    }

    @Test
    void theUsersPagesReadsAreDescribedWithTheirFieldsAndTheCallerIsNoParameter() {
        Api.Answer document = api.anonymous().get("/v3/api-docs");
        assertThat(document.status()).as(document.toString()).isEqualTo(200);
        JsonNode schemas = document.json().get("components").get("schemas");

        assertThat(fields(schemas.get("ListItem"))).containsExactly("memberId", "type", "displayName", "username",
                "email", "tenantId", "directoryObjectId", "access", "status", "lastActivity", "directoryState", "invitationId", "syncError");
        assertThat(schemas.get("ListItem").get("properties").get("status").get("enum"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("ACTIVE", "INVITATION_PENDING", "PROVISIONING", "SYNC_FAILED");
        assertThat(fields(schemas.get("Account"))).containsExactly("accountId", "displayName", "ownerId", "tenants");
        assertThat(fields(schemas.get("EffectiveAccess"))).containsExactly("memberId", "access", "grantedBy");

        JsonNode member = document.json().get("paths").get("/api/v1/accounts/{accountId}/members/{memberId}")
                .get("get");
        assertThat(member.get("parameters").findValuesAsText("name")).containsExactly("accountId", "memberId",
                "Gatehouse-Min-Position");
        assertThat(member.get("parameters").get(1).get("schema").get("format").asText()).isEqualTo("uuid");
        String answer = member.get("responses").get("200").get("content").elements().next().get("schema")
                .get("$ref").asText();
        assertThat(answer).endsWith("/Member");
        assertThat(fields(schemas.get("Member"))).contains("memberId", "status", "firstName", "groups", "clientId",
                "keys");
    }

    private static List<String> fields(JsonNode schema) {
        assertThat(schema).as("a schema").isNotNull();
        List<String> names = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
