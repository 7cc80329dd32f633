package io.flotilla.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes bearer secrets. Tokens carry 256 random bits, so a fast hash (SHA-256) is the
 * right tool: nothing to brute-force, and lookups stay a single indexed query.
 */
public final class TokenCodec {
    /** Prefix of user API tokens, so that secret scanners and people can recognise them. */
    public static final String API_TOKEN_PREFIX = "flt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenCodec() {
    }

    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** The part of a token that may be shown again after creation. */
    public static String displayPrefix(String token) {
        return token.substring(0, Math.min(token.length(), 10));
    }
}
