package io.flotilla.provider.aws.imagebuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What every image gets from the appliance itself, read from the classpath like the local runtime does: the
 * appliance's own flotilla wheel ({@code runtime/<wheel>}, named by {@code runtime/flotilla-wheel.txt}), installed
 * {@code --no-deps --no-index} so that PyPI's unrelated {@code flotilla} can never be picked, and the pins of the
 * packages flotilla needs directly ({@code runtime/requirements.txt}), added for those the spec does not name.
 *
 * @param wheelName file name of the flotilla wheel
 * @param wheel     its bytes
 * @param pins      {@code name==version} lines of the runtime's own packages, in file order
 */
public record ApplianceRuntime(String wheelName, byte[] wheel, List<String> pins) {
    private static final Pattern AWS_EXTRA = Pattern.compile("(?m)^Requires-Dist: ([^;\r\n]+); extra == \"aws\"\r?$");
    private static final Pattern WHEEL_NAME = Pattern.compile("flotilla-[A-Za-z0-9_.+!-]+\\.whl");
    private static final Pattern PIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[A-Za-z0-9,._-]+])?==[A-Za-z0-9.+!_-]+");
    /** The section of requirements.txt that lists flotilla's direct needs ends at the first blank line after it. */
    private static final String DIRECT_SECTION = "# What flotilla needs directly";

    public ApplianceRuntime {
        pins = List.copyOf(pins);
    }

    /** Reads the bundled wheel and pins; IllegalStateException when the build did not put them on the classpath. */
    public static ApplianceRuntime fromClasspath(ClassLoader loader) {
        String name = new String(resource(loader, "runtime/flotilla-wheel.txt"), StandardCharsets.UTF_8).strip();
        if (!WHEEL_NAME.matcher(name).matches()) {
            throw new IllegalStateException("runtime/flotilla-wheel.txt names no flotilla wheel: '" + name + "'");
        }
        String requirements = new String(resource(loader, "runtime/requirements.txt"), StandardCharsets.UTF_8);
        return new ApplianceRuntime(name, resource(loader, "runtime/" + name), directPins(requirements));
    }

    /** The pins of flotilla's direct needs whose package the spec's own lines do not name. */
    public List<String> pinsNotNamedIn(List<String> specLines) {
        List<String> named = specLines.stream().map(ApplianceRuntime::packageName).toList();
        return pins.stream().filter(pin -> !named.contains(packageName(pin))).toList();
    }

    /**
     * The requirements of the wheel's own {@code aws} extra (boto3, watchtower: instances on AWS ship their log to
     * CloudWatch), read from its METADATA, without those the spec names itself.
     */
    public List<String> awsExtraNotNamedIn(List<String> specLines) {
        List<String> named = specLines.stream().map(ApplianceRuntime::packageName).toList();
        List<String> extra = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(wheel))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith(".dist-info/METADATA")) {
                    Matcher m = AWS_EXTRA.matcher(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        extra.add(m.group(1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return extra.stream().filter(line -> !named.contains(packageName(line))).toList();
    }

    /** The normalised project name a requirement line starts with (PEP 503: lower case, runs of -_. as one dash). */
    static String packageName(String requirement) {
        String name = requirement.strip().split("[\\s\\[<>=!~;@(]", 2)[0];
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static List<String> directPins(String requirements) {
        List<String> pins = new ArrayList<>();
        boolean inSection = false;
        for (String raw : requirements.split("\n")) {
            String line = raw.strip();
            if (line.startsWith(DIRECT_SECTION)) {
                inSection = true;
            } else if (inSection && line.isEmpty() && !pins.isEmpty()) {
                break;
            } else if (inSection && PIN.matcher(line).matches()) {
                pins.add(line);
            }
        }
        if (pins.isEmpty()) {
            throw new IllegalStateException("runtime/requirements.txt has no '" + DIRECT_SECTION + "' section of pins");
        }
        return pins;
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the appliance's classpath (Maven's"
                        + " generate-resources phase builds it; see docs/local-runtime.md)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
