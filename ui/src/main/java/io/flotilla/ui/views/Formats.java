package io.flotilla.ui.views;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: minutes in UTC, the same for every viewer. */
final class Formats {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code instant} to the minute, or {@code absent} when null. */
    static String minutes(Instant instant, String absent) {
        return instant == null ? absent : MINUTES.format(instant);
    }

    /** {@code instant} to the second (audit entries). */
    static String seconds(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant);
    }

    /** A rough, short duration for ages: "45s", "12m", "3h 5m", "2d 4h". */
    static String age(Duration duration) {
        long s = Math.max(0, duration.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
