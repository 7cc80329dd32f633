package io.flotilla.db;

import io.flotilla.testing.LegacyDataDirectory;
import io.flotilla.testing.OtherOsUser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL admits only connections with the password from its 0600 file: not another OS user
 * without it (TCP or Unix socket), not JDBC without it; and a data directory made by the older, trusting code
 * is converted on its next start with its data kept.
 */
class EmbeddedDatabasePasswordTest {
    @TempDir
    Path dataDir;
    private final List<EmbeddedPostgres> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws IOException {
        for (EmbeddedPostgres postgres : started) {
            postgres.close();
        }
    }

    @Test
    void aNewDatabaseAdmitsOnlyThePasswordFromItsPrivateFile() throws Exception {
        EmbeddedPostgres postgres = start();
        DatabasePasswordFile file = DatabasePasswordFile.under(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent()))).isEqualTo("rwx------");
        String password = file.read().orElseThrow();
        assertThat(password).hasSizeGreaterThanOrEqualTo(43);
        assertThat(DatabasePasswordFile.under(Files.createTempDirectory(dataDir, "other")).readOrCreate())
                .as("random, not a constant").isNotEqualTo(password);
        assertNoTrustLine();
        assertAdmitsOnly(postgres, password);
    }

    @Test
    void aDataDirectoryMadeByTheTrustingCodeIsConvertedOnItsNextStartAndKeepsItsData() throws Exception {
        Path pgData = dataDir.resolve("postgres");
        LegacyDataDirectory.create(pgData);
        assertThat(HostBasedAuthentication.trusts(pgData)).as("the old code trusts local connections").isTrue();
        assertThat(DatabasePasswordFile.under(dataDir).path()).doesNotExist();

        EmbeddedPostgres converted = start();
        String password = DatabasePasswordFile.under(dataDir).read().orElseThrow();
        assertNoTrustLine();
        assertAdmitsOnly(converted, password);
        assertThat(marker(converted, password)).isEqualTo(LegacyDataDirectory.MARKER);

        converted.close();
        EmbeddedPostgres again = start();
        assertThat(DatabasePasswordFile.under(dataDir).read()).as("the password stays").contains(password);
        assertThat(marker(again, password)).isEqualTo(LegacyDataDirectory.MARKER);
        assertAdmitsOnly(again, password);
    }

    @Test
    void aMissingPasswordFileStopsTheStartWithWhatToDo() throws Exception {
        start().close();
        Files.delete(DatabasePasswordFile.under(dataDir).path());
        assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DatabasePasswordFile.under(dataDir).path().toString())
                .hasMessageContaining("restore it from backup");
        assertNoTrustLine();
    }

    @Test
    void aReplacedPasswordFileStopsTheStartWithWhatToDoAndLeavesNoServerRunning() throws Exception {
        start().close();
        Files.writeString(DatabasePasswordFile.under(dataDir).path(), "not-the-password");
        assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the password in " + DatabasePasswordFile.under(dataDir).path());
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("the refused server was stopped").doesNotExist();
    }

    private EmbeddedPostgres start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedDatabase.start(dataDir.resolve("postgres"), DatabasePasswordFile.under(dataDir));
        started.add(postgres);
        return postgres;
    }

    private void assertNoTrustLine() throws IOException {
        List<String> active = Files.readAllLines(dataDir.resolve("postgres/pg_hba.conf")).stream()
                .map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        assertThat(active).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("scram-sha-256").doesNotContain("trust"));
    }

    private static void assertAdmitsOnly(EmbeddedPostgres postgres, String password) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                .as("JDBC without the password").isInstanceOf(SQLException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess").close())
                .as("JDBC with a wrong password").isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        String socketDir;
        try (Connection c = DriverManager.getConnection(url, "postgres", password);
             ResultSet rs = c.createStatement().executeQuery("SHOW unix_socket_directories")) {
            rs.next();
            socketDir = rs.getString(1).split(",")[0].trim();
        }

        OtherOsUser.assumeAvailable();
        for (String host : List.of("127.0.0.1", socketDir)) {
            OtherOsUser.Result without = OtherOsUser.psql(host, postgres.getPort(), "");
            assertThat(without.exitCode()).as("nobody without the password via " + host + ": " + without.output()).isNotZero();
            assertThat(without.output()).contains("password");
            OtherOsUser.Result wrong = OtherOsUser.psql(host, postgres.getPort(), "guess");
            assertThat(wrong.output()).as("nobody with a guess via " + host).contains("password authentication failed");
            OtherOsUser.Result with = OtherOsUser.psql(host, postgres.getPort(), password);
            assertThat(with.output()).as("nobody with the file's password via " + host).isEqualTo("1");
            assertThat(with.exitCode()).isZero();
        }
    }

    private static String marker(EmbeddedPostgres postgres, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "postgres", password);
             ResultSet rs = c.createStatement().executeQuery("SELECT v FROM legacy_marker")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
