package io.flotilla.provider.local.runtime;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What the appliance ships for its local runtime, read from the classpath: the pins
 * ({@code runtime/requirements.txt}) and the flotilla wheel that Maven built ({@code runtime/<wheel>}, named by
 * {@code runtime/flotilla-wheel.txt}). Its {@link #hash} names the environment built from it.
 */
public final class RuntimeBundle {
    static final String REQUIREMENTS = "runtime/requirements.txt";
    static final String WHEEL_INDEX = "runtime/flotilla-wheel.txt";
    private static final Pattern WHEEL_NAME = Pattern.compile("flotilla-[A-Za-z0-9_.+!-]+\\.whl");

    private final byte[] requirements;
    private final String wheelName;
    private final byte[] wheel;

    private RuntimeBundle(byte[] requirements, String wheelName, byte[] wheel) {
        this.requirements = requirements;
        this.wheelName = wheelName;
        this.wheel = wheel;
    }

    /** Loads the bundle; {@code requirementsOverride} (tests only) replaces the bundled pins. */
    public static RuntimeBundle load(ClassLoader loader, @Nullable Path requirementsOverride) throws RuntimeBuildException {
        try {
            byte[] requirements = requirementsOverride != null
                    ? Files.readAllBytes(requirementsOverride) : resource(loader, REQUIREMENTS);
            String wheelName = new String(resource(loader, WHEEL_INDEX), StandardCharsets.UTF_8).trim();
            if (!WHEEL_NAME.matcher(wheelName).matches()) {
                throw new RuntimeBuildException(WHEEL_INDEX + " names no flotilla wheel: '" + wheelName + "'");
            }
            return new RuntimeBundle(requirements, wheelName, resource(loader, "runtime/" + wheelName));
        } catch (IOException e) {
            throw new RuntimeBuildException("cannot read the bundled runtime files: " + e.getMessage());
        }
    }

    private static byte[] resource(ClassLoader loader, String name) throws IOException, RuntimeBuildException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new RuntimeBuildException(name + " is missing from the appliance's classpath "
                        + "(Maven's generate-resources phase builds it; see docs/local-runtime.md)");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Short hex digest of the pins, the wheel and the interpreter that creates the environment: any change to one
     * of them gives a new environment directory, while an unchanged appliance reuses its environment.
     */
    String hash(String pythonForVenv) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(requirements);
            digest.update((byte) 0);
            digest.update(wheel);
            digest.update((byte) 0);
            digest.update(pythonForVenv.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String wheelName() {
        return wheelName;
    }

    /** Writes the pins and the wheel into {@code dir}; returns the requirements file. */
    Path writeRequirements(Path dir) throws IOException {
        return Files.write(dir.resolve("requirements.txt"), requirements);
    }

    public Path writeWheel(Path dir) throws IOException {
        return Files.write(dir.resolve(wheelName), wheel);
    }

    /** The pinned requirements, as the bundled file has them. */
    public String requirementsText() {
        return new String(requirements, java.nio.charset.StandardCharsets.UTF_8);
    }
}
