package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What every scenario shares: the options, the HTTP client, the owner's token, JDBC and the samplers. */
final class BenchContext {

    /** A directory user the bench put into the local directory. */
    record DirectoryUser(String id, String displayName, String upn) {
    }

    final Options options;
    final Http http;
    final Tokens tokens;
    final Tokens.Identity owner;
    final String ownerToken;
    final ResourceSampler sampler;
    final List<String> notes = new ArrayList<>();
    /** The Users list account and its member count, once {@link UsersListScenario} has seeded it. */
    volatile String listAccountId;
    volatile long listMembers;

    BenchContext(Options options, Http http, Tokens tokens, ResourceSampler sampler) {
        this.options = options;
        this.http = http;
        this.tokens = tokens;
        this.owner = Tokens.Identity.owner("Bench Owner");
        this.ownerToken = tokens.token(owner, Duration.ofHours(3));
        this.sampler = sampler;
    }

    Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(options.jdbcUrl, options.jdbcUser, options.jdbcPassword);
        connection.setAutoCommit(true);
        return connection;
    }

    /**
     * POST /api/v1/accounts as the bench owner (a Global Administrator of its own tenant), then waits until the
     * query side knows the account: until then its reads answer 403 (the query side decides access from its own
     * projection), which would count as failures.
     */
    String createAccount(String displayName) {
        Http.Response created = http.post("/api/v1/accounts", ownerToken, Map.of("displayName", displayName))
                .expect(201);
        String accountId = created.json().get("accountId").asText();
        if (Projections.await(this, accountId, created.position().orElse(0), 30) < 0) {
            throw new IllegalStateException("the Users list projection did not see account " + accountId + " in 30 s");
        }
        return accountId;
    }

    /**
     * Puts users into the local directory of the owner's tenant, straight into its table: the local directory
     * stands in for Azure AD, whose population is not what is measured (POST .../directory/users creates one
     * user per request; see {@link DirectoryApiProbe} for its rate).
     */
    List<DirectoryUser> seedDirectory(String prefix, int count, java.util.function.IntFunction<String> displayName)
            throws SQLException {
        List<DirectoryUser> users = new ArrayList<>(count);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO local_directory_object (tenant_id, "
                    + "object_id, object_type, display_name, given_name, surname, user_principal_name, mail) "
                    + "VALUES (?, ?, 'USER', ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String name = displayName.apply(i);
                    String upn = prefix + "." + i + "@bench.example";
                    DirectoryUser user = new DirectoryUser(UUID.randomUUID().toString(), name, upn);
                    String[] parts = name.split(" ", 2);
                    insert.setString(1, owner.tid());
                    insert.setString(2, user.id());
                    insert.setString(3, name);
                    insert.setString(4, parts[0]);
                    insert.setString(5, parts.length > 1 ? parts[1] : null);
                    insert.setString(6, upn);
                    insert.setString(7, upn);
                    insert.addBatch();
                    users.add(user);
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            // thousands of rows in one go: until autovacuum analyzes them (up to a minute later) PostgreSQL takes the
            // new tenant for a row or so and reads each directory object through the search index, the tenant's whole
            // directory per read (3.4 ms at 10,000 users, against 0.1 by the primary key)
            try (var analyze = c.createStatement()) {
                analyze.execute("ANALYZE local_directory_object");
            }
            c.commit();
        }
        return users;
    }

    /** POST .../users with these directory users (at most 100), all with one role; the answer's member ids. */
    Http.Response addMembers(String token, String accountId, List<DirectoryUser> users, String role) {
        return http.post("/api/v1/accounts/" + accountId + "/users", token, Map.of(
                "directoryObjectIds", users.stream().map(DirectoryUser::id).toList(),
                "access", Map.of("roles", List.of(role))));
    }

    /** Puts a latency histogram's figures (milliseconds) into {@code node}. */
    static void latencies(ObjectNode node, Histogram h) {
        node.put("samples", h.getTotalCount());
        number(node, "p50_ms", LoadRunner.ms(h, 50));
        number(node, "p90_ms", LoadRunner.ms(h, 90));
        number(node, "p99_ms", LoadRunner.ms(h, 99));
        number(node, "max_ms", LoadRunner.ms(h, 100));
    }

    static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, round(value));
        }
    }

    static double round(double value) {
        double abs = Math.abs(value);
        double scale = abs >= 100 ? 10 : abs >= 1 ? 100 : 1000;
        return Math.round(value * scale) / scale;
    }
}
