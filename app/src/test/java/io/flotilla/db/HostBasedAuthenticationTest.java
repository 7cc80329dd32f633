package io.flotilla.db;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostBasedAuthenticationTest {
    @Test
    void findsTheTrustLinesInitdbWroteBeforeAndNoneInFlotillasOwnFile() {
        assertThat(HostBasedAuthentication.trusts(List.of(
                "# TYPE  DATABASE        USER            ADDRESS                 METHOD",
                "local   all             all                                     trust",
                "host    all             all             127.0.0.1/32            trust"))).isTrue();
        assertThat(HostBasedAuthentication.trusts(List.of("host all all 127.0.0.1 255.255.255.255 trust"))).as("with a mask").isTrue();
        assertThat(HostBasedAuthentication.trusts(HostBasedAuthentication.PASSWORD_ONLY.lines().toList())).isFalse();
    }

    @Test
    void commentsAndNamesThatSpellTrustAreNoTrustLine() {
        assertThat(HostBasedAuthentication.trusts(List.of(
                "# host all all 127.0.0.1/32 trust",
                "host trust trust 127.0.0.1/32 scram-sha-256  # was trust",
                ""))).isFalse();
    }
}
