package io.flotilla.provider.gcp;

import io.flotilla.provider.AgentBoot;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code startup-script} metadata of a Flotilla VM (run as root by the guest environment at boot): it hands the
 * bootstrap agent the appliance URL, the one-time token and the appliance certificate's pins in a root-only file on
 * tmpfs, then either starts the agent's unit (a baked image) or fetches the install script from the appliance
 * ({@code GET /api/v1/agent/install.sh}, authorised by the token without spending it, pinned to the certificate's
 * public key) and runs it. No key material and no credentials: the agent trades the token for them over HTTPS.
 * Metadata is readable by anyone allowed to get the instance; the pins are public.
 */
public final class GceStartupScript {
    /** The metadata key Compute Engine's guest environment runs at boot. */
    public static final String METADATA_KEY = "startup-script";
    /** Compute Engine's limit on one metadata value. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Where the agent's unit reads its environment from (install.sh reads it too). */
    public static final String ENV_FILE = "/run/flotilla/agent.env";
    /** The systemd unit of the bootstrap agent. */
    public static final String AGENT_UNIT = "flotilla-agent.service";
    /** Where a stock instance fetches its install script from, below the appliance URL. */
    public static final String INSTALL_SCRIPT_PATH = "/api/v1/agent/install.sh";
    private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]+");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}");
    private static final Pattern PUBLIC_KEY_PIN = Pattern.compile("sha256//[A-Za-z0-9+/]{43}=");

    private GceStartupScript() {
    }

    /**
     * The script for this boot; IllegalArgumentException for values that could break out of it.
     *
     * @param baked whether the image already has the agent and its unit ({@code packer/worker})
     */
    public static String of(AgentBoot boot, boolean baked) {
        if (boot.applianceUrl() == null || !SAFE_URL.matcher(boot.applianceUrl()).matches()) {
            throw new IllegalArgumentException("The appliance URL for instances is not a plain http(s) URL");
        }
        if (boot.bootstrapToken() == null || !SAFE_TOKEN.matcher(boot.bootstrapToken()).matches()) {
            throw new IllegalArgumentException("The bootstrap token has unexpected characters");
        }
        if (boot.tlsFingerprint() != null && !FINGERPRINT.matcher(boot.tlsFingerprint()).matches()) {
            throw new IllegalArgumentException("The appliance certificate's fingerprint is not a SHA-256 fingerprint");
        }
        if (boot.tlsPublicKeyPin() != null && !PUBLIC_KEY_PIN.matcher(boot.tlsPublicKeyPin()).matches()) {
            throw new IllegalArgumentException("The appliance certificate's public-key pin is not sha256//<base64>");
        }
        String pins = (boot.tlsFingerprint() == null ? "" : "FLOTILLA_AGENT_FINGERPRINT=" + boot.tlsFingerprint() + "\n")
                + (boot.tlsPublicKeyPin() == null ? "" : "FLOTILLA_AGENT_PUBKEY_PIN=" + boot.tlsPublicKeyPin() + "\n");
        String script = """
                #!/bin/bash
                # Flotilla: start the bootstrap agent. It trades the one-time token for this instance's
                # certificates and settings over HTTPS, pinning the appliance's certificate; nothing confidential
                # beyond that token is here.
                set -euo pipefail
                umask 077
                install -d -m 0700 /run/flotilla
                cat > %s <<'FLOTILLA_ENV'
                FLOTILLA_AGENT_URL=%s
                FLOTILLA_AGENT_TOKEN=%s
                %sFLOTILLA_ENV
                """.formatted(ENV_FILE, boot.applianceUrl(), boot.bootstrapToken(), pins)
                + (baked ? "systemctl start --no-block " + AGENT_UNIT + "\n" : fetchAndRunInstallScript(boot));
        int size = script.getBytes(StandardCharsets.UTF_8).length;
        if (size >= MAX_BYTES) {
            throw new IllegalStateException("a startup script of " + size + " bytes exceeds Compute Engine's limit of " + MAX_BYTES);
        }
        return script;
    }

    /** curl reads the token through its config on stdin (never argv) and pins the public key when there is a pin. */
    private static String fetchAndRunInstallScript(AgentBoot boot) {
        String tls = boot.tlsPublicKeyPin() != null ? "--proto =https --insecure --pinnedpubkey \"$FLOTILLA_AGENT_PUBKEY_PIN\" " : "";
        return """
                # A stock image: fetch the install script from the appliance (installs the agent, writes and starts its unit).
                . %s
                printf 'header = "Authorization: Bearer %%s"\\n' "$FLOTILLA_AGENT_TOKEN" \\
                  | curl --config - -fsS --retry 60 --retry-delay 2 --retry-connrefused --connect-timeout 10 %s\\
                    -o /run/flotilla/install.sh "$FLOTILLA_AGENT_URL%s"
                exec /bin/bash /run/flotilla/install.sh
                """.formatted(ENV_FILE, tls, INSTALL_SCRIPT_PATH);
    }
}
