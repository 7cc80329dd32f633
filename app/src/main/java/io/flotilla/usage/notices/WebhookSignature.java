package io.flotilla.usage.notices;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * How webhook bodies are signed: header {@value #SIGNATURE_HEADER} = {@code sha256=} and the hex HMAC-SHA256, keyed
 * with the workspace's webhook secret, of the {@value #TIMESTAMP_HEADER} value (Unix seconds), a dot, and the body.
 */
public final class WebhookSignature {
    /** Header with the signature. */
    public static final String SIGNATURE_HEADER = "X-Flotilla-Signature";
    /** Header with the time of sending, in seconds since the epoch (receivers refuse old ones against replays). */
    public static final String TIMESTAMP_HEADER = "X-Flotilla-Timestamp";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex>} of timestamp + "." + body. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
