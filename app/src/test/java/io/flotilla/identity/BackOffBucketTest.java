package io.flotilla.identity;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The back-off of one key: the allowance, then waits that double up to the maximum, on a hand-moved time. */
class BackOffBucketTest {
    private long nanos = 1_000_000_000_000L;
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    @Test
    void waitsDoubleAfterTheAllowanceUpToTheMaximum() {
        BackOffBucket bucket = new BackOffBucket(3, Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofSeconds(4), time);
        for (int i = 0; i < 2; i++) {
            assertThat(bucket.take()).as("attempt " + (i + 1)).isEmpty();
            assertThat(bucket.failed()).as("no lock-out while allowance is left").isEmpty();
        }
        assertThat(bucket.take()).isEmpty();
        List<Duration> lockOuts = new ArrayList<>();
        bucket.failed().ifPresent(lockOuts::add);
        for (int i = 0; i < 4; i++) {
            Duration last = lockOuts.get(lockOuts.size() - 1);
            Optional<Duration> refused = bucket.take();
            assertThat(refused).as("locked out").isPresent();
            assertThat(refused.get()).isLessThanOrEqualTo(last).isGreaterThan(last.minusMillis(10));
            advance(last.minusMillis(1));
            assertThat(bucket.take()).as("not a moment early").isPresent();
            advance(Duration.ofMillis(1));
            assertThat(bucket.take()).as("one attempt after the wait").isEmpty();
            bucket.failed().ifPresent(lockOuts::add);
        }
        assertThat(lockOuts).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void aRightPasswordGivesItsTokenBack() {
        BackOffBucket bucket = new BackOffBucket(2, Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofSeconds(4), time);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take()).isEmpty();
            bucket.giveBack();
        }
        assertThat(bucket.take()).isEmpty();
        assertThat(bucket.failed()).isEmpty();
    }

    private void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
