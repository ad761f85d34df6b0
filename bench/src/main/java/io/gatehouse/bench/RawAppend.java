package io.gatehouse.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The raw append baseline: one event row per transaction (autocommit INSERT) into a scratch copy of
 * {@code domain_event_entry} in schema {@value #SCHEMA} (created with {@code LIKE ... INCLUDING ALL}: same
 * columns, identity, keys and indexes, so it follows the event store's migrations), with the type, payload and
 * metadata of events the service itself stored. The schema is dropped at the end of the run.
 */
final class RawAppend {

    static final String SCHEMA = "gatehouse_bench_raw";

    private RawAppend() {
    }

    static synchronized void createTables(BenchContext ctx) throws SQLException {
        try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA
                    + ".domain_event_entry (LIKE domain_event_entry INCLUDING ALL)");
        }
    }

    static void dropTables(BenchContext ctx) throws SQLException {
        try (Connection c = ctx.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    /** Up to {@code limit} of the most recent events matching {@code where} (SQL on domain_event_entry). */
    static List<Object[]> samples(BenchContext ctx, String where, int limit) throws SQLException {
        List<Object[]> samples = new ArrayList<>();
        try (Connection c = ctx.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, payload_type, payload_revision, payload, meta_data "
                     + "FROM domain_event_entry WHERE " + where + " ORDER BY global_index DESC LIMIT " + limit)) {
            while (rs.next()) {
                samples.add(new Object[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getBytes(5)});
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException("the event store has no events matching " + where + " to copy");
        }
        return samples;
    }

    /** A client appending one row per transaction over its own connection. */
    static LoadRunner.Client client(BenchContext ctx, List<Object[]> samples) {
        try {
            Connection c = ctx.connect();
            PreparedStatement insert = c.prepareStatement("INSERT INTO " + SCHEMA + ".domain_event_entry "
                    + "(event_identifier, aggregate_identifier, sequence_number, type, timestamp, payload_type, "
                    + "payload_revision, payload, meta_data) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)");
            return new LoadRunner.Client() {
                int n;

                @Override
                public int next() throws SQLException {
                    Object[] e = samples.get(n++ % samples.size());
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, UUID.randomUUID().toString());
                    insert.setString(3, (String) e[0]);
                    insert.setString(4, Instant.now().toString());
                    insert.setString(5, (String) e[1]);
                    insert.setString(6, (String) e[2]);
                    insert.setBytes(7, (byte[]) e[3]);
                    insert.setBytes(8, (byte[]) e[4]);
                    insert.executeUpdate();
                    return 1;
                }

                @Override
                public void close() throws SQLException {
                    c.close();
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("raw append: cannot connect: " + e.getMessage(), e);
        }
    }
}
