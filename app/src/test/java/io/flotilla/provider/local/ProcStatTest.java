package io.flotilla.provider.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {
    @Test
    void parsesACommandNameWithSpacesAndParentheses() {
        ProcStat stat = ProcStat.parse(42, "42 (we (ird) name) S 1 40 39 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 99");
        assertThat(stat).isEqualTo(new ProcStat(42, 'S', 40, 39));
        assertThat(stat.running()).isTrue();
    }

    @Test
    void countsZombiesAsGone() {
        assertThat(ProcStat.parse(7, "7 (sleep) Z 1 7 7 0").running()).isFalse();
    }

    @Test
    void readsThisJvm() {
        assertThat(ProcStat.of(ProcessHandle.current().pid())).get()
                .extracting(ProcStat::running).isEqualTo(true);
        assertThat(ProcStat.of(Long.MAX_VALUE)).isEmpty();
    }
}
