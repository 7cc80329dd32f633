package io.flotilla.environment.sync;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The environment name of a synced spec: {@code package-sync-<first 12 hex of the spec's SHA-256>}. The digest runs
 * over a canonical text of the spec (one field per line, lists in their already sorted order), so an unchanged
 * local environment always names the same environment.
 */
public final class SyncedSpecName {
    public static final String PREFIX = "package-sync-";

    private SyncedSpecName() {
    }

    public static String of(EnvironmentSpec spec) {
        return PREFIX + digest(spec).substring(0, 12);
    }

    /** The SHA-256 (hex) of the spec's canonical text. */
    public static String digest(EnvironmentSpec spec) {
        StringBuilder text = new StringBuilder("python=").append(spec.python()).append('\n')
                .append("architecture=").append(spec.architecture()).append('\n')
                .append("gpu=").append(spec.gpu()).append('\n');
        spec.pip().forEach(line -> text.append("pip=").append(line).append('\n'));
        for (WheelRef wheel : spec.wheels()) {
            text.append("wheel=").append(wheel.filename()).append(' ').append(wheel.sha256()).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
