package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Where uploaded package-sync wheels are kept, per workspace and content hash: locally under the data directory,
 * on AWS in Flotilla's own S3 bucket. Builders read them through {@link StoredWheels} (the engine's WheelSource):
 * by content hash, since package sync checked the workspace before a wheel entered any spec. Nothing is
 * world-readable.
 */
public interface WheelStore {
    /** Stores a wheel after checking its size and that its bytes hash to {@code sha256}; idempotent. */
    WheelRef put(UUID workspaceId, WheelFileName name, String sha256, byte[] content);

    /** Whether that wheel was uploaded to that workspace. */
    boolean exists(UUID workspaceId, WheelRef wheel);

    /** The bytes of a stored wheel (any workspace's: wheels are addressed by content), hash re-checked. */
    InputStream open(WheelRef wheel) throws IOException;

    /** A link to download the wheel that expires after {@code validFor} (at most max-link-validity); null if none is stored. */
    @Nullable
    String link(WheelRef wheel, Duration validFor);

    /** The lower-case hex SHA-256 of the bytes. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses an oversized wheel, or bytes whose hash is not the announced one (nothing is stored). */
    static void checkContent(byte[] content, String sha256, long maxBytes, String filename) {
        if (content.length > maxBytes) {
            throw new ServiceException(ServiceException.Kind.INVALID_INPUT, "wheel_too_large", "The wheel " + filename
                    + " has " + content.length + " bytes; the appliance takes wheels of at most " + maxBytes + " bytes.",
                    Map.of("limit", maxBytes));
        }
        if (content.length == 0) {
            throw ServiceException.invalid("body", "The wheel " + filename + " is empty.");
        }
        if (!sha256(content).equals(sha256)) {
            throw new InconsistentManifest("content_hash_mismatch", "X-Content-SHA256", "The uploaded bytes of "
                    + filename + " do not hash to the X-Content-SHA256 sent with them; nothing was stored.");
        }
    }
}
