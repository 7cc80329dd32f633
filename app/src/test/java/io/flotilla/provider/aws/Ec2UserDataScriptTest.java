package io.flotilla.provider.aws;

import io.flotilla.provider.AgentBoot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user-data script, client tokens and spot policies, without AWS. */
class Ec2UserDataScriptTest {
    @Test
    void aBakedImagesScriptOnlyHandsTheAgentUrlAndTokenAndStartsTheUnit() {
        String script = UserDataScript.of(new AgentBoot("https://flotilla.example:8443/base", "fbt_abc-DEF_123"), true);
        assertThat(script).startsWith("#!/bin/bash\n")
                .contains("FLOTILLA_AGENT_URL=https://flotilla.example:8443/base\n")
                .contains("FLOTILLA_AGENT_TOKEN=fbt_abc-DEF_123\n")
                .contains("<<'FLOTILLA_ENV'").endsWith("FLOTILLA_ENV\nsystemctl start --no-block flotilla-agent.service\n");
        assertThat(script.length()).isLessThan(1024);
        assertThat(script).doesNotContain("FLOTILLA_AGENT_FINGERPRINT").doesNotContain("install.sh").doesNotContain("curl");
    }

    @Test
    void aStockImagesScriptFetchesTheInstallScriptWithTheTokenOffArgvAndThePublicKeyPinned() {
        String fingerprint = String.join(":", java.util.Collections.nCopies(32, "A1"));
        String keyPin = "sha256//" + "A".repeat(43) + "=";
        String script = UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc", fingerprint, keyPin));
        assertThat(script).contains("FLOTILLA_AGENT_PUBKEY_PIN=" + keyPin + "\n")
                .contains("--pinnedpubkey \"$FLOTILLA_AGENT_PUBKEY_PIN\"").contains("--proto =https")
                .contains("\"$FLOTILLA_AGENT_URL/api/v1/agent/install.sh\"")
                .contains("printf 'header = \"Authorization: Bearer %s\"\\n' \"$FLOTILLA_AGENT_TOKEN\"")
                .contains("curl --config - ").endsWith("exec /bin/bash /run/flotilla/install.sh\n")
                .doesNotContain("systemctl");
        assertThat(script.length()).as("tiny: the work is in the install script").isLessThan(1536);
        assertThat(script.indexOf("fbt_abc")).as("the token appears once, in the root-only env file")
                .isEqualTo(script.lastIndexOf("fbt_abc"));
        assertThat(UserDataScript.of(new AgentBoot("https://ca-signed.example", "fbt_abc"))).as("no pin: normal verification")
                .doesNotContain("--insecure").doesNotContain("--pinnedpubkey").contains("/api/v1/agent/install.sh");
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc", fingerprint, "sha256//x\n$(reboot)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("reboot");
    }

    @Test
    void theStockScriptRunsUnderBash() throws Exception {
        String script = UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc",
                String.join(":", java.util.Collections.nCopies(32, "A1")), "sha256//" + "A".repeat(43) + "="));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("user-data", ".sh");
        try {
            java.nio.file.Files.writeString(file, script);
            Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes());
            assertThat(bash.waitFor()).as(output).isZero();
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void theAppliancesCertificateFingerprintGoesInTheAgentsEnvironmentFile() {
        String pin = String.join(":", java.util.Collections.nCopies(32, "A1"));
        String script = UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc", pin));
        assertThat(script).contains("FLOTILLA_AGENT_TOKEN=fbt_abc\nFLOTILLA_AGENT_FINGERPRINT=" + pin + "\nFLOTILLA_ENV\n");
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc", "A1:B2\n$(reboot)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("reboot");
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("https://10.0.0.4:8443", "fbt_abc", "A1:B2")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesThatCouldEscapeTheScriptAreRefused() {
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("https://x.example\nFLOTILLA_ENV\nrm -rf /", "fbt_a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("https://x.example", "fbt_a\n$(reboot)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("reboot");
        assertThatThrownBy(() -> UserDataScript.of(new AgentBoot("file:///etc/passwd", "fbt_a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientTokensStayWithinSixtyFourCharactersAndDifferPerAttempt() {
        String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assertThat(Ec2FleetLauncher.clientToken(uuid, 0)).isEqualTo(uuid + "-0");
        assertThat(Ec2FleetLauncher.clientToken(uuid, 1)).isNotEqualTo(Ec2FleetLauncher.clientToken(uuid, 0));
        String longKey = "k".repeat(200);
        assertThat(Ec2FleetLauncher.clientToken(longKey, 12)).hasSizeLessThanOrEqualTo(64)
                .isEqualTo(Ec2FleetLauncher.clientToken(longKey, 12));
    }

    @Test
    void spotPoliciesTryTheirPurchaseOptionsInOrder() {
        assertThat(SpotPolicy.parse("spot_with_fallback").purchaseOptions()).extracting(Object::toString)
                .containsExactly("spot", "on-demand");
        assertThat(SpotPolicy.parse("on-demand").purchaseOptions()).extracting(Object::toString).containsExactly("on-demand");
        assertThatThrownBy(() -> SpotPolicy.parse("cheap")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spot_with_fallback");
    }
}
