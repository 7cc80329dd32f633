package io.flotilla.environment.sync;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Signs and checks the appliance's own short-lived wheel links (HMAC-SHA256 with a key drawn at start-up, so a
 * link never outlives the process that issued it, nor its expiry).
 */
@Singleton
public class WheelLinkSigner {
    private final byte[] key = new byte[32];

    public WheelLinkSigner() {
        new SecureRandom().nextBytes(key);
    }

    /** The signature of a link to that wheel, valid until {@code expiresEpochSecond}. */
    public String sign(UUID workspaceId, String sha256, String filename, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String message = workspaceId + "\n" + sha256 + "\n" + filename + "\n" + expiresEpochSecond;
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the signature is this appliance's for that link (compared in constant time). */
    public boolean verify(UUID workspaceId, String sha256, String filename, long expiresEpochSecond, String signature) {
        byte[] expected = sign(workspaceId, sha256, filename, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
