package io.flotilla.provider.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.flotilla.provider.local.LocalIsolationPolicy.Mode.ISOLATED;
import static io.flotilla.provider.local.LocalIsolationPolicy.Mode.OFF;
import static io.flotilla.provider.local.LocalIsolationPolicy.Mode.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who local instances run as, for every combination of appliance user and flotilla.local.run-as; and what is said about it. */
class LocalIsolationPolicyTest {
    @TempDir
    Path dataDir;

    @Test
    void rootIsolatesUnderTheDefaultAccountOrTheNamedOne() {
        LocalIsolationPolicy byDefault = LocalIsolationPolicy.decide(0, "root", null);
        assertThat(byDefault.mode()).isEqualTo(ISOLATED);
        assertThat(byDefault.account()).isEqualTo("flotilla-run");
        assertThat(byDefault.create()).as("the default account is created when missing").isTrue();
        assertThat(LocalIsolationPolicy.decide(0, "root", "  ").account()).as("blank is unset").isEqualTo("flotilla-run");

        LocalIsolationPolicy named = LocalIsolationPolicy.decide(0, "root", "dask-runner");
        assertThat(named.mode()).isEqualTo(ISOLATED);
        assertThat(named.account()).isEqualTo("dask-runner");
        assertThat(named.create()).as("a named account must exist").isFalse();
    }

    @Test
    void notRootIsOffAndSaysSo() {
        LocalIsolationPolicy policy = LocalIsolationPolicy.decide(1000, "flotilla", null);
        assertThat(policy.mode()).isEqualTo(OFF);
        assertThat(policy.sentence())
                .startsWith("local clusters run as the appliance's user: any cluster's code can read the appliance's data")
                .contains("'flotilla'", "root");
    }

    @Test
    void runAsNamingTheApplianceItselfMeansNoIsolationEvenAsRoot() {
        assertThat(LocalIsolationPolicy.decide(0, "root", "root").mode()).isEqualTo(OFF);
        assertThat(LocalIsolationPolicy.decide(1000, "flotilla", "flotilla").mode()).isEqualTo(OFF);
        assertThat(LocalIsolationPolicy.decide(1000, "flotilla", "flotilla").sentence())
                .contains("flotilla.local.run-as names the appliance's own user");
    }

    @Test
    void anotherUserWithoutRootIsUnavailableWithTheReason() {
        LocalIsolationPolicy policy = LocalIsolationPolicy.decide(1000, "flotilla", "dask-runner");
        assertThat(policy.mode()).isEqualTo(UNAVAILABLE);
        assertThat(policy.sentence()).contains("'dask-runner'", "not root");
    }

    @Test
    void theHealthIndicatorCarriesTheNoticeWhenOffAndStaysUp() {
        LocalIsolation off = new LocalIsolation(new LocalProviderConfig(), dataDir, 1000, "flotilla");
        Map<String, Object> details = detailsOf(off);
        assertThat(details).containsEntry("mode", "off");
        assertThat((String) details.get("detail")).startsWith(LocalIsolationPolicy.NOT_ISOLATED);
        assertThat(off.notice()).contains(LocalIsolationPolicy.NOT_ISOLATED);

        LocalProviderConfig named = new LocalProviderConfig();
        named.setRunAs("dask-runner");
        assertThat(detailsOf(new LocalIsolation(named, dataDir, 1000, "flotilla"))).containsEntry("mode", "unavailable");
        assertThat(new LocalIsolation(named, dataDir, 1000, "flotilla").notice()).isEmpty();
    }

    @Test
    void aNonRootApplianceWarnsOnceAtStart() throws Exception {
        String user = "warn-once-" + System.nanoTime();
        LocalIsolation off = new LocalIsolation(new LocalProviderConfig(), dataDir, 1000, user);
        try (io.flotilla.testing.LogCapture log = new io.flotilla.testing.LogCapture()) {
            off.onStartup(null);
            // the captured events, as formatted messages (LogCapture adds the log file's lines, stamped, after them)
            assertThat(log.text().lines().filter(line -> line.startsWith("Local cluster isolation is off"))
                    .filter(line -> line.contains("'" + user + "'")))
                    .singleElement().asString().contains("isolation is off", "run the appliance as root");
        }
    }

    @Test
    void aLaunchWhileUnavailableFailsWithTheReason() {
        LocalProviderConfig named = new LocalProviderConfig();
        named.setRunAs("dask-runner");
        LocalIsolation isolation = new LocalIsolation(named, dataDir, 1000, "flotilla");
        assertThatThrownBy(() -> isolation.identityFor("local-0000000000000001", Map.of(), java.util.List.of()))
                .hasMessageContaining("cannot start processes as another user");
    }

    @Test
    void uidRangesAreCheckedAndEmptyMeansTheAccountsOwnUid() {
        assertThat(UidRange.parse(UidRange.DEFAULT)).contains(new UidRange(1879048192L, 1879113727L));
        assertThat(UidRange.parse("")).isEmpty();
        assertThat(UidRange.parse("200000-200009").orElseThrow().firstFree(uid -> uid < 200003)).contains(200003L);
        assertThat(UidRange.parse("200000-200001").orElseThrow().firstFree(uid -> true)).isEmpty();
        assertThatThrownBy(() -> UidRange.parse("0-10")).hasMessageContaining("FIRST-LAST");
        assertThatThrownBy(() -> UidRange.parse("300-200")).hasMessageContaining("FIRST-LAST");
        assertThatThrownBy(() -> UidRange.parse("abc")).hasMessageContaining("FIRST-LAST");
    }

    private static Map<String, Object> detailsOf(LocalIsolation isolation) {
        LocalIsolationHealthIndicator indicator = new LocalIsolationHealthIndicator(isolation);
        Map<String, Object> details = indicator.getHealthInformation();
        assertThat(indicator.getName()).isEqualTo("localIsolation");
        return details;
    }
}
