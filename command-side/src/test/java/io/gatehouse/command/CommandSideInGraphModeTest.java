package io.gatehouse.command;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.graph.GraphDirectory;
import io.gatehouse.directory.graph.GraphDouble;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side on its own ({@link CommandSideApplication}: no query side, no directory sync on the class path)
 * in graph mode, against the HTTPS stand-in for Microsoft's token endpoint and Graph: the directory module gives it
 * the Graph adapter, and the commands that read the directory read it through Graph.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:gatehouse-test.properties")
class CommandSideInGraphModeTest {

    static {
        TestTokens.init();
    }

    @DynamicPropertySource
    static void graphMode(DynamicPropertyRegistry properties) {
        properties.add("gatehouse.directory.mode", () -> "graph");
        properties.add("gatehouse.directory.graph-base-url", GraphDouble::graphBaseUrl);
        properties.add("gatehouse.directory.authority-host", GraphDouble::authorityHost);
        properties.add("gatehouse.directory.client-id", () -> GraphDouble.CLIENT_ID);
        properties.add("gatehouse.directory.client-secret", () -> GraphDouble.CLIENT_SECRET);
        properties.add("gatehouse.directory.read-timeout", () -> "2s");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Directory directory;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSideAloneReadsTheDirectoryThroughGraph() {
        assertThat(directory).isInstanceOf(GraphDirectory.class);
        assertThat(context.getBeanNamesForType(LocalDirectory.class)).isEmpty();
        assertThat(context.containsBean("directorySync")).isFalse();
        // the saga's retry deadlines are left to the directory-sync nodes: this node does not know their task
        assertThat(context.getBeansOfType(com.github.kagkarlsson.scheduler.task.Task.class).values())
                .extracting(task -> task.getName()).doesNotContain("AxonDeadline");

        GraphDouble.reset();
        WireMockServer graph = GraphDouble.server();
        Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
        String ann = UUID.randomUUID().toString();
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization")).willReturn(okJson(
                "{\"value\":[{\"id\":\"" + owner.tenantId() + "\",\"onPremisesSyncEnabled\":true}]}")));
        graph.stubFor(post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")).willReturn(okJson(
                "{\"value\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + ann + "\",\"displayName\":"
                        + "\"Ann Lee\",\"givenName\":\"Ann\",\"surname\":\"Lee\",\"userPrincipalName\":"
                        + "\"ann@contoso.com\",\"mail\":null}]}")));
        Api api = new Api(port);

        // creating the account reads the tenant's on-premises sync through Graph, in the owner's tenant
        Api.Answer created = api.as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso Games"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String accountId = created.json().get("accountId").asText();
        graph.verify(postRequestedFor(urlPathEqualTo("/" + owner.tenantId() + "/oauth2/v2.0/token")));
        graph.verify(getRequestedFor(urlPathEqualTo("/v1.0/organization"))
                .withHeader("Authorization", equalTo("Bearer " + GraphDouble.ACCESS_TOKEN)));
        assertThat(events(accountId, DirectoryIntegrationChanged.class)).isOne();

        // adding an existing user finds it through Graph
        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(ann), "access", Map.of("roles", List.of("DEVELOPER"))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        graph.verify(postRequestedFor(urlPathEqualTo("/v1.0/directoryObjects/getByIds"))
                .withRequestBody(containing(ann)));
        String memberId = added.json().get("members").get(0).get("memberId").asText();
        assertThat(events(memberId, UserAdded.class)).isOne();
    }

    /** Events of the type in the aggregate's stream (stored under the class name or its stable name). */
    private int events(String aggregateId, Class<?> type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND (payload_type = ? OR payload_type = ?)", Integer.class, aggregateId, type.getName(),
                type.getSimpleName());
    }
}
