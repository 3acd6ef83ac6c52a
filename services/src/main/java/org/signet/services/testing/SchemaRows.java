package org.signet.services.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.signet.services.postgres.PostgresServer;

/** Every row of a service's schema as text, for canary scans: a leak in any column of any table shows up. */
public final class SchemaRows {

    private SchemaRows() {}

    /** Each row of each table of {@code schema} in the test database, as PostgreSQL's text form of the row. */
    public static List<String> of(String schema) throws SQLException {
        return of(schema, List.of());
    }

    /** As {@link #of(String)}, without the tables named (e.g. a scheduled job's run log, which changes by itself). */
    public static List<String> of(String schema, List<String> excludedTables) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD); Statement sql = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = '" + schema.replace("'", "''") + "'")) {
                while (rs.next()) {
                    if (!excludedTables.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("schema " + schema + " has no tables: is it the right name?");
            }
            for (String table : tables) {
                try (ResultSet rs = sql.executeQuery("select t::text from \"" + schema + "\".\"" + table + "\" t")) {
                    while (rs.next()) {
                        rows.add(table + " " + rs.getString(1)); // the table first, so a difference can name it
                    }
                }
            }
        }
        return rows;
    }
}
