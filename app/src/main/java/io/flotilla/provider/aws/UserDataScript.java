package io.flotilla.provider.aws;

import io.flotilla.provider.AgentBoot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The user-data of a Flotilla instance: a short shell script that ONLY hands the bootstrap agent the
 * appliance URL, the one-time token and the appliance certificate's fingerprint (in a root-only file on tmpfs)
 * and starts the agent's systemd unit, which the worker image provides. No key material and no credentials: the
 * agent trades the token for them over HTTPS, pinning the fingerprint. User-data is readable by anyone allowed to
 * describe instances; the fingerprint is public.
 */
public final class UserDataScript {
    /** EC2's limit on user-data (before base64). */
    public static final int MAX_BYTES = 16 * 1024;
    /** Where the agent's systemd unit reads its environment from. */
    public static final String ENV_FILE = "/run/flotilla/agent.env";
    /** The systemd unit of the bootstrap agent in the worker image. */
    public static final String AGENT_UNIT = "flotilla-agent.service";
    private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]+");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    /** A SHA-256 fingerprint: 32 hex bytes, colon-separated or not. */
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}");

    private UserDataScript() {
    }

    /** The script for this boot; IllegalArgumentException for values that could break out of it. */
    public static String of(AgentBoot boot) {
        if (boot.applianceUrl() == null || !SAFE_URL.matcher(boot.applianceUrl()).matches()
                || boot.applianceUrl().contains("'")) {
            throw new IllegalArgumentException("The appliance URL for instances is not a plain http(s) URL");
        }
        if (boot.bootstrapToken() == null || !SAFE_TOKEN.matcher(boot.bootstrapToken()).matches()) {
            throw new IllegalArgumentException("The bootstrap token has unexpected characters");
        }
        if (boot.tlsFingerprint() != null && !FINGERPRINT.matcher(boot.tlsFingerprint()).matches()) {
            throw new IllegalArgumentException("The appliance certificate's fingerprint is not a SHA-256 fingerprint");
        }
        String pin = boot.tlsFingerprint() == null ? "" : "FLOTILLA_AGENT_FINGERPRINT=" + boot.tlsFingerprint() + "\n";
        String script = """
                #!/bin/bash
                # Flotilla: start the bootstrap agent. It trades the one-time token for this instance's
                # certificates and settings over HTTPS, pinning the appliance's certificate by its SHA-256
                # fingerprint (public); nothing secret beyond that token is here.
                set -euo pipefail
                umask 077
                install -d -m 0700 /run/flotilla
                cat > %s <<'FLOTILLA_ENV'
                FLOTILLA_AGENT_URL=%s
                FLOTILLA_AGENT_TOKEN=%s
                %sFLOTILLA_ENV
                systemctl start --no-block %s
                """.formatted(ENV_FILE, boot.applianceUrl(), boot.bootstrapToken(), pin, AGENT_UNIT);
        int size = script.getBytes(StandardCharsets.UTF_8).length;
        if (size >= MAX_BYTES) {
            throw new IllegalStateException("user-data of " + size + " bytes exceeds EC2's limit of " + MAX_BYTES);
        }
        return script;
    }

    /** The script base64-encoded, as EC2 wants it. */
    public static String base64(AgentBoot boot) {
        return Base64.getEncoder().encodeToString(of(boot).getBytes(StandardCharsets.UTF_8));
    }
}
