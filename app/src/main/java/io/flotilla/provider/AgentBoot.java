package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * All an instance receives at start (like cloud user-data): where the appliance is, a one-time token with which
 * the agent fetches its key material and configuration, and the fingerprint of the certificate the appliance
 * answers that URL with.
 *
 * @param applianceUrl   base URL of the appliance as seen from the instance
 * @param bootstrapToken one-time secret; never logged, never put on a command line
 * @param tlsFingerprint SHA-256 fingerprint ({@code AB:CD:…}) the agent pins, or null to verify the certificate
 *                       against the instance's trust store (or for a plain-HTTP loopback URL); public, not a secret
 * @param tlsPublicKeyPin the same certificate's public-key pin ({@code sha256//<base64>}) that curl pins when the
 *                       boot script downloads the install script, or null without a fingerprint; public
 */
public record AgentBoot(String applianceUrl, String bootstrapToken, @Nullable String tlsFingerprint,
                        @Nullable String tlsPublicKeyPin) {
    /** A boot without a pin. */
    public AgentBoot(String applianceUrl, String bootstrapToken) {
        this(applianceUrl, bootstrapToken, null, null);
    }

    /** A boot pinning the certificate's fingerprint only (the agent's pin; no install-script download pin). */
    public AgentBoot(String applianceUrl, String bootstrapToken, @Nullable String tlsFingerprint) {
        this(applianceUrl, bootstrapToken, tlsFingerprint, null);
    }

    @Override
    public String toString() {
        return "AgentBoot[applianceUrl=" + applianceUrl + ", bootstrapToken=(secret), tlsFingerprint=" + tlsFingerprint
                + ", tlsPublicKeyPin=" + tlsPublicKeyPin + "]";
    }
}
