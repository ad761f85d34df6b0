package io.gatehouse.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.database.EmbeddedPostgresEnvironment;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestDatabases;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import io.gatehouse.directory.testing.TenantGraphDouble;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gatehouse as an operator deploys it: two command nodes, two query nodes and a directory-sync node, each a
 * JVM started from its jar, on one PostgreSQL. They find each other through the database alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static {
        TestTokens.init();
    }

    private static final Duration START = Duration.ofMinutes(4);
    private static final String COMMAND_JAR = "command-side/target/gatehouse-command.jar";
    private static final String QUERY_JAR = "query-side/target/gatehouse-query.jar";
    private static final String SYNC_JAR = "directory-sync/target/gatehouse-sync.jar";
    private static String databaseUrl;
    private static Node commandA;
    private static Node commandB;
    private static Node query;
    private static Node queryB;
    private static Node sync;

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();

    @BeforeAll
    static void startTheCluster() throws Exception {
        // the test's own PostgreSQL; a fresh database that the nodes share
        EmbeddedPostgresEnvironment.jdbcUrl(Path.of("target", "embedded-postgres", "cluster"), true);
        databaseUrl = TestDatabases.fresh("cluster_" + System.nanoTime());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretsKey = Base64.getEncoder().encodeToString(key);

        // every node in graph mode against the tests' HTTPS Graph double, trusted as production trusts Graph
        List<String> trust = TenantGraphDouble.trustArguments();
        List<String> graph = TenantGraphDouble.serviceProperties();
        // the first node migrates the database; the others start once it is up
        commandA = Node.start("command-a", COMMAND_JAR, databaseUrl, secretsKey, trust, graph).ready(START);
        commandB = Node.start("command-b", COMMAND_JAR, databaseUrl, secretsKey, trust, graph);
        query = Node.start("query", QUERY_JAR, databaseUrl, secretsKey, trust, graph);
        queryB = Node.start("query-b", QUERY_JAR, databaseUrl, secretsKey, trust, graph);
        sync = Node.start("sync", SYNC_JAR, databaseUrl, secretsKey, trust, graph);
        commandB.ready(START);
        query.ready(START);
        queryB.ready(START);
        sync.ready(START);
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        for (Node node : new Node[]{sync, queryB, query, commandB, commandA}) {
            if (node != null) node.close();
        }
    }

    private Api.Answer ok(Api.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        return answer;
    }

    private JsonNode usersList(String accountId, long position) {
        return usersList(query, accountId, position);
    }

    private JsonNode usersList(Node through, String accountId, long position) {
        return ok(through.api().as(owner).header("Gatehouse-Min-Position", position)
                .get("/api/v1/accounts/" + accountId + "/members?size=500"), 200).json();
    }

    /** The owner's tenant in the Graph double, with the users of the test in it; answers the account. */
    private String account(Node through) {
        TenantGraphDouble.tenant(owner.tenantId(), false);
        return ok(through.api().as(owner).post("/api/v1/accounts", Map.of("displayName", "Contoso Games")), 201)
                .json().get("accountId").asText();
    }

    private final List<String> directoryUsers = new ArrayList<>();

    /** A user of the owner's tenant in the Graph double (found there by getByIds); answers its object id. */
    private String directoryUser(Node through, String accountId, String name) {
        String objectId = UUID.randomUUID().toString();
        String[] names = name.split(" ");
        directoryUsers.add(TenantGraphDouble.userJson(objectId, names[0], names[1],
                name.toLowerCase().replace(' ', '.') + "@contoso.com"));
        TenantGraphDouble.server().stubFor(TenantGraphDouble.in(owner.tenantId(),
                        post(urlPathEqualTo("/v1.0/directoryObjects/getByIds")))
                .willReturn(TenantGraphDouble.values(directoryUsers.toArray(String[]::new))));
        return objectId;
    }

    @Test
    @Order(1)
    void writesSentToAnyCommandNodeAreAppliedAndReadThroughTheQueryNode() {
        String accountId = account(commandA);
        List<String> memberIds = new ArrayList<>();
        long position = 0;
        for (int i = 0; i < 6; i++) {
            Node through = i % 2 == 0 ? commandA : commandB;
            String objectId = directoryUser(through, accountId, "User " + i);
            Api.Answer added = ok(through.api().as(owner).post("/api/v1/accounts/" + accountId + "/users",
                    Map.of("directoryObjectIds", List.of(objectId), "access", Map.of("roles", List.of("DEVELOPER")))),
                    201);
            memberIds.add(added.json().get("members").get(0).get("memberId").asText());
            position = Math.max(position, added.position());
        }
        // each change goes through the other node than the add, so most cross the cluster
        for (int i = 0; i < memberIds.size(); i++) {
            Node through = i % 2 == 0 ? commandB : commandA;
            Api.Answer changed = ok(through.api().as(owner).put("/api/v1/accounts/" + accountId + "/members/"
                    + memberIds.get(i) + "/access", Map.of("roles", List.of("MARKETER"))), 200);
            assertThat(changed.header("ETag")).isEqualTo("\"1\"");
            position = Math.max(position, changed.position());
        }
        // a refusal on the node that owns the member comes back as the same problem document
        Api.Answer stale = commandA.api().as(owner).header("If-Match", "\"0\"")
                .put("/api/v1/accounts/" + accountId + "/members/" + memberIds.get(1) + "/access",
                        Map.of("roles", List.of("MANAGER")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);

        JsonNode list = usersList(accountId, position);
        assertThat(list.get("total").asLong()).isEqualTo(6);
        assertThat(list.get("items").findValues("access"))
                .allSatisfy(access -> assertThat(access.get("roles").get(0).asText()).isEqualTo("MARKETER"));
    }

    @Test
    @Order(2)
    void aDirectoryChangeMadeThroughACommandNodeIsPushedByTheSyncNode() throws Exception {
        String accountId = account(commandB);
        String adaId = UUID.randomUUID().toString();
        TenantGraphDouble.server().stubFor(TenantGraphDouble.in(owner.tenantId(), post(urlPathEqualTo("/v1.0/users")))
                .willReturn(TenantGraphDouble.created(TenantGraphDouble.userJson(adaId, "Ada", "Lovelace",
                        "ada@contoso.com"))));
        Api.Answer created = ok(commandB.api().as(owner).post("/api/v1/accounts/" + accountId + "/users/new",
                Map.of("firstName", "Ada", "lastName", "Lovelace", "username", "ada@contoso.com",
                        "access", Map.of("roles", List.of("DEVELOPER")))), 202);
        String memberId = created.json().get("memberId").asText();

        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode member;
        do {
            Thread.sleep(200);
            member = query.api().as(owner).get("/api/v1/accounts/" + accountId + "/members/" + memberId).json();
            assertThat(Instant.now()).as("pushed by the sync node: " + member).isBefore(deadline);
        } while (member == null || member.get("status") == null || !member.get("status").asText().equals("ACTIVE"));
        assertThat(member.get("directoryObjectId").asText()).isEqualTo(adaId);
        // pushed once, by the sync node, to the owner's tenant
        assertThat(TenantGraphDouble.calls(owner.tenantId(), RequestMethod.POST, "/v1.0/users")).hasSize(1);
    }

    @Test
    @Order(3)
    void killingACommandNodeDuringWritesLosesNoAcknowledgedWriteAndItsClaimsAreTakenOver() throws Exception {
        String accountId = account(commandA);
        List<String> memberIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String objectId = directoryUser(commandA, accountId, "Writer " + i);
            memberIds.add(ok(commandA.api().as(owner).post("/api/v1/accounts/" + accountId + "/users",
                    Map.of("directoryObjectIds", List.of(objectId), "access", Map.of("roles", List.of("DEVELOPER")))),
                    201).json().get("members").get(0).get("memberId").asText());
        }
        List<String> roles = List.of("MANAGER", "DEVELOPER", "BUSINESS_CONTRIBUTOR", "FINANCE_CONTRIBUTOR",
                "MARKETER");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, List<String>> attempted = new ConcurrentHashMap<>();
        Map<String, Long> positions = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(memberIds.size());
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < memberIds.size(); w++) {
            String memberId = memberIds.get(w);
            Node through = w % 2 == 0 ? commandA : commandB;
            running.add(writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String role = roles.get(i % roles.size());
                    attempted.computeIfAbsent(memberId, m -> new ArrayList<>()).add(role);
                    try {
                        // after the kill, the writer goes on through the node that is left, as a load balancer would
                        Node node = through == commandB && !commandBAlive.get() ? commandA : through;
                        Api.Answer answer = node.api().as(owner).put("/api/v1/accounts/" + accountId
                                + "/members/" + memberId + "/access", Map.of("roles", List.of(role)));
                        if (answer.status() == 200) {
                            acknowledged.put(memberId, role);
                            attempted.get(memberId).clear();
                            positions.merge(memberId, answer.position(), Math::max);
                        }
                    } catch (RuntimeException connectionLost) {
                        // not acknowledged; tried again
                    }
                }
                return null;
            }));
        }
        Thread.sleep(4_000);
        commandB.kill();
        commandBAlive.set(false);
        Thread.sleep(6_000);
        stop.set(true);
        for (Future<?> writer : running) writer.get();
        writers.shutdown();

        long position = positions.values().stream().mapToLong(Long::longValue).max().orElse(0);
        JsonNode list = usersList(accountId, position);
        Map<String, String> shown = new HashMap<>();
        for (JsonNode item : list.get("items")) {
            shown.put(item.get("memberId").asText(), item.get("access").get("roles").get(0).asText());
        }
        for (String memberId : memberIds) {
            // the last acknowledged write, or one sent after it whose answer the kill swallowed
            List<String> possible = new ArrayList<>(attempted.getOrDefault(memberId, List.of()));
            possible.add(acknowledged.get(memberId));
            assertThat(possible).as("member " + memberId).contains(shown.get(memberId));
        }
        assertThat(acknowledged).hasSize(memberIds.size());

        // kept for the rebuild below: the Users list must equal a full replay of the event store
        accountWrittenDuringTheKill = accountId;
        ownerDuringTheKill = owner;
        listAfterTheKill = usersList(accountId, head());

        // the dead node's event processor claims are taken over by the node that is left
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            List<String> owners = tokenOwners("tenant-removal");
            if (!owners.isEmpty() && owners.stream().allMatch(o -> o.startsWith(commandA.pid() + "@"))) break;
            assertThat(Instant.now()).as("claims of the killed node: " + owners).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static String accountWrittenDuringTheKill;
    private static Person ownerDuringTheKill;
    private static JsonNode listAfterTheKill;

    @Test
    @Order(4)
    void aRebuildStartedOnOneQueryNodeSwitchesBothWhileTheOtherKeepsServingReads() throws Exception {
        Person operator = TestTokens.person("Oscar Operator", TestTokens.newTenant()).operator();
        String accountId = account(commandA);
        long position = 0;
        for (int i = 0; i < 5; i++) {
            String objectId = directoryUser(commandA, accountId, "Rebuilt " + i);
            position = Math.max(position, ok(commandA.api().as(owner).post("/api/v1/accounts/" + accountId + "/users",
                    Map.of("directoryObjectIds", List.of(objectId), "access", Map.of("roles", List.of("DEVELOPER")))),
                    201).position());
        }
        // both query nodes answer reads with Gatehouse-Min-Position, whichever holds the projection's segments
        JsonNode before = usersList(query, accountId, position);
        assertThat(before.get("total").asLong()).isEqualTo(5);
        assertThat(usersList(queryB, accountId, position)).isEqualTo(before);
        String liveBefore = projection(query, operator, "users-list").get("liveSchema").asText();
        assertThat(projection(queryB, operator, "users-list").get("liveSchema").asText()).isEqualTo(liveBefore);

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        List<String> badReads = java.util.Collections.synchronizedList(new ArrayList<>());
        long readPosition = position;
        Thread reader = new Thread(() -> {
            while (rebuilding.get()) {
                Api.Answer list = queryB.api().as(owner).header("Gatehouse-Min-Position", readPosition)
                        .get("/api/v1/accounts/" + accountId + "/members?size=500");
                if (list.status() != 200 || !list.json().equals(before)) badReads.add(list.toString());
            }
        });
        reader.start();
        String rebuildId = ok(query.api().as(operator).post("/api/v1/admin/projections/users-list/rebuild", ""), 202)
                .json().get("rebuild").get("id").asText();

        // both nodes see the same rebuild end, and both read the new copy
        Instant deadline = Instant.now().plusSeconds(120);
        for (Node node : List.of(queryB, query)) {
            while (true) {
                JsonNode status = projection(node, operator, "users-list");
                JsonNode rebuild = status.get("rebuild");
                assertThat(rebuild).as(node.name + ": " + status).isNotNull();
                assertThat(rebuild.get("id").asText()).isEqualTo(rebuildId);
                assertThat(rebuild.get("state").asText()).as(node.name + ": " + status).isNotEqualTo("FAILED");
                if (rebuild.get("state").asText().equals("DONE") && !status.get("replaying").asBoolean()
                        && !status.get("liveSchema").asText().equals(liveBefore)) break;
                assertThat(Instant.now()).as(node.name + ": " + status).isBefore(deadline);
                Thread.sleep(200);
            }
        }
        rebuilding.set(false);
        reader.join();
        assertThat(badReads).isEmpty();
        // the rebuild replayed the whole event store: what the live projection showed after the kill was that
        if (accountWrittenDuringTheKill != null) {
            JsonNode replayed = ok(query.api().as(ownerDuringTheKill).get("/api/v1/accounts/"
                    + accountWrittenDuringTheKill + "/members?size=500"), 200).json();
            assertThat(replayed).as("the Users list after the kill, replayed").isEqualTo(listAfterTheKill);
        }

        // the live processors resumed on the new copy: a new write is read through both nodes
        String memberId = before.get("items").get(0).get("memberId").asText();
        long changed = ok(commandA.api().as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId
                + "/access", Map.of("roles", List.of("MARKETER"))), 200).position();
        for (Node node : List.of(query, queryB)) {
            JsonNode list = usersList(node, accountId, changed);
            assertThat(list.get("total").asLong()).isEqualTo(5);
            assertThat(list.get("items").findValues("memberId").stream()
                    .filter(id -> id.asText().equals(memberId)).count()).isEqualTo(1);
            for (JsonNode item : list.get("items")) {
                if (item.get("memberId").asText().equals(memberId)) {
                    assertThat(item.get("access").get("roles").get(0).asText()).as(node.name).isEqualTo("MARKETER");
                }
            }
        }
    }

    private JsonNode projection(Node through, Person operator, String name) {
        for (JsonNode status : ok(through.api().as(operator).get("/api/v1/admin/projections"), 200).json()) {
            if (status.get("name").asText().equals(name)) return status;
        }
        throw new AssertionError("no projection " + name);
    }

    private static final AtomicBoolean commandBAlive = new AtomicBoolean(true);

    /** The last position in the event store: writes whose answer the kill swallowed are in it too. */
    private static long head() throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> tokenOwners(String processorPrefix) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT owner FROM token_entry "
                     + "WHERE processor_name LIKE '" + processorPrefix + "%'")) {
            while (rows.next()) owners.add(rows.getString(1));
        }
        return owners;
    }
}
