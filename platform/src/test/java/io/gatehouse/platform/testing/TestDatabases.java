package io.gatehouse.platform.testing;

import io.gatehouse.platform.database.EmbeddedPostgresEnvironment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh databases for tests that run the service on their own (a restart), beside the database the shared
 * test service uses: on the embedded server, or on the external one named by GATEHOUSE_TEST_DB_URL.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String user() {
        String user = System.getenv("GATEHOUSE_TEST_DB_USER");
        return external() == null || user == null ? "postgres" : user;
    }

    public static String password() {
        String password = System.getenv("GATEHOUSE_TEST_DB_PASSWORD");
        return external() == null || password == null ? "" : password;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String fresh(String name) {
        String base = external() != null ? external()
                : EmbeddedPostgresEnvironment.jdbcUrl(
                Path.of("target", "embedded-postgres", Long.toString(ProcessHandle.current().pid())), true);
        try (Connection connection = DriverManager.getConnection(base, user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static String external() {
        String url = System.getenv("GATEHOUSE_TEST_DB_URL");
        return url == null || url.isBlank() ? null : url;
    }
}
