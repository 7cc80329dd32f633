package io.flotilla.identity;

import io.flotilla.testing.TestDatabase;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a database made before the initial password moved out of the log: a bootstrap admin that still has
 * the logged password must change it; one whose password was changed, and a token-only admin, are left alone.
 */
class LoggedAdminPasswordMigrationTest {
    private static final String CHANGESET = "015-users-logged-admin-password-must-change";

    @Test
    void anAdminStillOnTheLoggedPasswordMustChangeIt() throws Exception {
        assertThat(migrateWithAdmin(false)).as("never changed: the logged password must be replaced").isTrue();
        assertThat(migrateWithAdmin(true)).as("changed since: left alone").isFalse();
    }

    @Test
    void aTokenOnlyAdminIsLeftAlone() throws Exception {
        String url = TestDatabase.newDatabase();
        migrate(url);
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            rewind(st);
            st.executeUpdate("INSERT INTO users (id, username, display_name, password_hash, appliance_admin, disabled, created_at)"
                    + " VALUES (gen_random_uuid(), 'admin', 'Administrator', NULL, true, false, now())");
        }
        migrate(url);
        assertThat(flag(url)).isFalse();
    }

    /** The flag after the changeset ran on an old-style admin, with or without a password change in the audit log. */
    private static boolean migrateWithAdmin(boolean changedSince) throws Exception {
        String url = TestDatabase.newDatabase();
        migrate(url);
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            rewind(st);
            st.executeUpdate("INSERT INTO users (id, username, display_name, password_hash, appliance_admin, disabled, created_at)"
                    + " VALUES (gen_random_uuid(), 'admin', 'Administrator', '$argon2id$logged', true, false, now())");
            if (changedSince) {
                st.executeUpdate("INSERT INTO audit_events (at, actor_name, action, target, details)"
                        + " VALUES (now(), 'admin', 'user.update', 'admin', 'password changed')");
            }
        }
        migrate(url);
        return flag(url);
    }

    /** Back to the state before the changeset: it has not run, and the column has its default. */
    private static void rewind(Statement st) throws Exception {
        assertThat(st.executeUpdate("DELETE FROM databasechangelog WHERE id = '" + CHANGESET + "'")).isEqualTo(1);
    }

    private static boolean flag(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT password_change_required FROM users WHERE username = 'admin'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }

    private static void migrate(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase("db/changelog/db.changelog-master.yaml", new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }
    }
}
