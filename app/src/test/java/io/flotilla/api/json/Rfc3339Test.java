package io.flotilla.api.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {
    @Test
    void readsTheTimesRfc3339AllowsIncludingOffsetsBeyondJavasRange() {
        assertThat(Rfc3339.parse("2026-11-27T10:00:00Z")).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(Rfc3339.parse("2026-11-27t10:00:00.25z")).isEqualTo(Instant.parse("2026-11-27T10:00:00.25Z"));
        assertThat(Rfc3339.parse("2026-11-27T10:00:00+01:30")).isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
        assertThat(Rfc3339.parse("7097-01-07T15:57:50-18:36")).as("an offset java.time.ZoneOffset refuses")
                .isEqualTo(Instant.parse("7097-01-08T10:33:50Z"));
        assertThat(Rfc3339.parse("2016-12-31T23:59:60Z")).as("a leap second").isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
    }

    @Test
    void refusesWhatIsNotAnRfc3339Time() {
        for (String bad : new String[]{"2026-11-27", "2026-11-27T10:00:00", "2026-13-01T00:00:00Z", "2026-11-27T10:00:00+24:00",
                "2026-11-27 10:00:00Z", "yesterday"}) {
            assertThatThrownBy(() -> Rfc3339.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }
}
