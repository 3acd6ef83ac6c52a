package org.signet.services.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.signet.services.process.BackingServiceException;
import org.signet.services.process.Ports;

/**
 * A real PostgreSQL 17 (zonky's embedded binaries from Maven Central) with its data under the run directory.
 * One database, {@value #DATABASE}; each service migrates its own schema with Flyway.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "signet";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static PostgresServer attach(int port) {
        return new PostgresServer(null, port);
    }

    /** Starts PostgreSQL on {@code port} (0 = any free port) with data and working files under {@code dir}. */
    public static PostgresServer start(Path dir, int port) {
        int claimed = Ports.claim(port, "PostgreSQL");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(claimed)
                    .setDataDirectory(dir.resolve("data"))
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            createDatabase(postgres);
            return new PostgresServer(postgres, postgres.getPort());
        } catch (IOException | SQLException e) {
            throw new BackingServiceException("PostgreSQL did not start (" + e.getMessage() + "); see the files in "
                    + dir + " and check that the port is free and the directory is writable.", e);
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The URL form Quarkus's reactive client takes. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new BackingServiceException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
