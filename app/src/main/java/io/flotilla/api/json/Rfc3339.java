package io.flotilla.api.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses RFC 3339 date-times (OpenAPI's {@code date-time}) into instants. Java's offset types stop at ±18:00,
 * RFC 3339 allows any offset up to ±23:59 (and a leap second), so the offset is applied here by arithmetic
 * instead of through {@link ZoneOffset}.
 */
public final class Rfc3339 {
    private static final Pattern SHAPE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).toFormatter(Locale.ROOT);

    private Rfc3339() {
    }

    /** The instant, or {@link DateTimeParseException} for anything that is not an RFC 3339 date-time. */
    public static Instant parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new DateTimeParseException("not an RFC 3339 date-time", text, 0);
        }
        int second = Integer.parseInt(m.group(2));
        boolean leap = second == 60;
        String local = m.group(1) + ":" + (leap ? "59" : m.group(2)) + (m.group(3) == null ? "" : m.group(3));
        LocalDateTime time = LocalDateTime.parse(local, LOCAL);
        long offsetSeconds = 0;
        if (m.group(5) != null) {
            int hours = Integer.parseInt(m.group(6));
            int minutes = Integer.parseInt(m.group(7));
            if (hours > 23 || minutes > 59) {
                throw new DateTimeParseException("offset out of range", text, m.start(4));
            }
            offsetSeconds = (m.group(5).equals("-") ? -1 : 1) * (hours * 3600L + minutes * 60L);
        }
        return time.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds).plusSeconds(leap ? 1 : 0);
    }
}
