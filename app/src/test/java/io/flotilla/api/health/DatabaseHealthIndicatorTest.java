package io.flotilla.api.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseHealthIndicatorTest {
    @Test
    void aJdbcUrlKeepsTheDatabaseAndLosesCredentialsAndProperties() {
        assertThat(DatabaseHealthIndicator.withoutCredentials("jdbc:postgresql://db:5432/flotilla?user=f&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/flotilla");
        assertThat(DatabaseHealthIndicator.withoutCredentials("jdbc:postgresql://f:s3cret@db/flotilla"))
                .isEqualTo("jdbc:postgresql://db/flotilla");
        assertThat(DatabaseHealthIndicator.withoutCredentials("jdbc:sqlserver://db:1433;user=f;password=s3cret"))
                .isEqualTo("jdbc:sqlserver://db:1433");
        assertThat(DatabaseHealthIndicator.withoutCredentials("jdbc:postgresql://localhost:5432/postgres"))
                .isEqualTo("jdbc:postgresql://localhost:5432/postgres");
    }
}
