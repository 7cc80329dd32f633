package io.flotilla.environment;

import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a spec and returns its canonical form (pip lines normalised, de-duplicated and sorted; wheels sorted), so
 * that specs meaning the same thing hash the same. Exactly one of pip (possibly with wheels), conda or container.
 */
public final class SpecValidator {
    public static final int MAX_PIP_LINES = 500;
    public static final int MAX_WHEELS = 200;
    /** Largest canonical spec accepted, in bytes of its JSON. */
    public static final int MAX_SPEC_BYTES = 256 * 1024;
    public static final String PYTHON_PATTERN = "^3\\.[0-9]{1,2}$";
    public static final String ARCHITECTURE_PATTERN = "^(x86_64|arm64)$";
    /** An image reference: [registry[:port]/]repository[:tag][@sha256:digest], as Docker reads one. */
    public static final String IMAGE_PATTERN = "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
            + "(?::[0-9]{1,5})?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$";
    private static final Pattern PYTHON = Pattern.compile(PYTHON_PATTERN);
    private static final Pattern ARCHITECTURE = Pattern.compile(ARCHITECTURE_PATTERN);
    private static final Pattern IMAGE = Pattern.compile(IMAGE_PATTERN);
    private static final Pattern WHEEL_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+!-]{0,200}\\.whl");
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

    private SpecValidator() {
    }

    public static EnvironmentSpec canonical(EnvironmentSpec spec) {
        List<String> pip = spec.pip() == null ? List.of() : spec.pip();
        List<WheelRef> wheels = spec.wheels() == null ? List.of() : spec.wheels();
        boolean hasPip = !pip.isEmpty() || !wheels.isEmpty();
        int kinds = (hasPip ? 1 : 0) + (spec.conda() != null ? 1 : 0) + (spec.container() != null ? 1 : 0);
        if (kinds == 0) {
            throw ServiceException.invalid("pip", "The spec is empty: give pip requirements, a conda spec or a container image.");
        }
        if (kinds > 1) {
            throw ServiceException.invalid("pip", "Give exactly one of pip, conda and container: a conda spec installs its"
                    + " own packages and a container image brings its own.");
        }
        if (pip.size() > MAX_PIP_LINES) {
            throw ServiceException.invalid("pip", "pip: at most " + MAX_PIP_LINES + " requirement lines (" + pip.size() + " given).");
        }
        if (wheels.size() > MAX_WHEELS) {
            throw ServiceException.invalid("wheels", "wheels: at most " + MAX_WHEELS + " wheels (" + wheels.size() + " given).");
        }
        String python = spec.python() == null ? "" : spec.python().strip();
        if (!PYTHON.matcher(python).matches()) {
            throw ServiceException.invalid("python", "python must be a Python 3 version such as 3.11 (major.minor).");
        }
        String architecture = spec.architecture() == null ? "" : spec.architecture().strip();
        if (!ARCHITECTURE.matcher(architecture).matches()) {
            throw ServiceException.invalid("architecture", "architecture must be x86_64 or arm64.");
        }
        List<String> lines = RequirementLines.checkAll("pip", pip).stream().distinct()
                .sorted(Comparator.comparing(RequirementLines::projectName).thenComparing(Comparator.naturalOrder())).toList();
        if (lines.stream().anyMatch(l -> RequirementLines.projectName(l).equals("flotilla"))) {
            throw ServiceException.invalid("pip", "pip: leave flotilla out; every environment gets the appliance's own"
                    + " flotilla (the flotilla on PyPI is an unrelated project).");
        }
        CondaSpec conda = spec.conda() == null ? null : CondaSpecs.check(spec.conda());
        String container = spec.container() == null ? null : image(spec.container());
        List<WheelRef> checkedWheels = wheels.stream().map(SpecValidator::wheel).distinct()
                .sorted(Comparator.comparing(WheelRef::filename)).toList();
        EnvironmentSpec canonical = new EnvironmentSpec(lines, conda, container, python, architecture, spec.gpu(), checkedWheels);
        int size = SpecJson.write(canonical).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SPEC_BYTES) {
            throw ServiceException.invalid("pip", "The spec is too large (" + size + " bytes; at most " + MAX_SPEC_BYTES + ").");
        }
        return canonical;
    }

    private static String image(String given) {
        String image = given.strip();
        if (image.isEmpty() || image.length() > 255 || !IMAGE.matcher(image).matches()) {
            throw ServiceException.invalid("container", "container: '" + CondaSpecs.abbreviated(image) + "' is not a container"
                    + " image reference such as ghcr.io/org/image:1.2 or python:3.11-slim.");
        }
        return image;
    }

    private static WheelRef wheel(WheelRef wheel) {
        if (wheel == null || wheel.filename() == null || !WHEEL_FILE.matcher(wheel.filename()).matches()
                || wheel.filename().contains("..")) {
            throw ServiceException.invalid("wheels", "wheels: '" + (wheel == null ? null : wheel.filename())
                    + "' is not a wheel file name (no paths; it ends in .whl).");
        }
        if (wheel.sha256() == null || !SHA256.matcher(wheel.sha256()).matches()) {
            throw ServiceException.invalid("wheels", "wheels: the sha256 of " + wheel.filename() + " must be 64 lower-case hex digits.");
        }
        return wheel;
    }
}
