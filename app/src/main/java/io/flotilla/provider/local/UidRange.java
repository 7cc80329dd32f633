package io.flotilla.provider.local;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The uids local clusters are given when the appliance isolates them ({@code flotilla.local.run-as-uids}):
 * {@code FIRST-LAST}, inclusive. The default lies in 0x70000000–0x7000FFFF, a block systemd documents as unused
 * (above its container ranges, below 2^31), so it meets neither regular users, system users nor subordinate uids.
 */
record UidRange(long first, long last) {
    static final String DEFAULT = "1879048192-1879113727";
    private static final long MAX = 0x7FFFFFFEL;

    /** Parses {@code FIRST-LAST}; blank means "no range" (empty). */
    static Optional<UidRange> parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("-", -1);
        try {
            if (parts.length == 2) {
                long first = Long.parseLong(parts[0].trim());
                long last = Long.parseLong(parts[1].trim());
                if (first >= 1000 && first <= last && last <= MAX) {
                    return Optional.of(new UidRange(first, last));
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("flotilla.local.run-as-uids must be FIRST-LAST with 1000 <= FIRST <= LAST <= "
                + MAX + ", not '" + text + "'");
    }

    /** The smallest uid of the range that {@code taken} refuses, if any is left. */
    Optional<Long> firstFree(LongPredicate taken) {
        for (long uid = first; uid <= last; uid++) {
            if (!taken.test(uid)) {
                return Optional.of(uid);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
