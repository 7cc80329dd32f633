package io.flotilla.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A pg_dump-like text of every row of every table in the test database: each row as PostgreSQL's text
 * form, where bytea columns appear as hex ({@code \x...}).
 */
public final class DatabaseDump {
    private DatabaseDump() {
    }

    public static String of(String jdbcUrl) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
                            + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                dump.append("-- ").append(table).append('\n');
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    /** How a string's UTF-8 bytes appear inside a bytea's hex text. */
    public static String hex(String text) {
        StringBuilder hex = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
