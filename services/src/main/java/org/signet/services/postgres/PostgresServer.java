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

    private final Path dir;
    private volatile EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(Path dir, EmbeddedPostgres postgres, int port) {
        this.dir = dir;
        this.postgres = postgres;
        this.port = port;
    }

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static PostgresServer attach(int port) {
        return new PostgresServer(null, null, port);
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port) with data and working files under {@code dir}: a new,
     * empty cluster (whatever a previous run left there is removed first).
     */
    public static PostgresServer start(Path dir, int port) {
        int claimed = Ports.claim(port, "PostgreSQL");
        try {
            deleteRecursively(dir.resolve("data"));
            EmbeddedPostgres postgres = launch(dir, claimed);
            createDatabase(postgres);
            return new PostgresServer(dir, postgres, postgres.getPort());
        } catch (IOException | SQLException e) {
            throw new BackingServiceException("PostgreSQL did not start (" + e.getMessage() + "); see the files in "
                    + dir + " and check that the port is free and the directory is writable.", e);
        }
    }

    /** The cluster in {@code dir}/data, created by initdb if it is not there yet (kept when it stops). */
    private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }

    /** Stops the server (a fast shutdown: open connections are cut), keeping its data (fault tests). */
    public void stop() {
        try {
            owned().close();
        } catch (IOException e) {
            throw new BackingServiceException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Starts it again on the same port and data after {@link #stop()}. */
    public void startAgain() {
        owned();
        try {
            postgres = launch(dir, port);
        } catch (IOException e) {
            throw new BackingServiceException("PostgreSQL did not start again: " + e.getMessage(), e);
        }
    }

    private EmbeddedPostgres owned() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL was started by another class loader; only it may stop it");
        }
        return postgres;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!java.nio.file.Files.exists(path)) {
            return;
        }
        try (var files = java.nio.file.Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(file);
            }
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
            // a run's database ends with the run (as zonky's clean data directory did); stop() keeps it
            deleteRecursively(dir.resolve("data"));
        } catch (IOException e) {
            throw new BackingServiceException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
