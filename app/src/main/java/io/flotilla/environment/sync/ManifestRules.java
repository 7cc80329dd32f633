package io.flotilla.environment.sync;

import io.flotilla.environment.sync.SyncManifest.SyncPackage;
import io.flotilla.error.ServiceException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict checks of a package-sync request before anything is classified or stored: sizes, names, versions,
 * sources and wheel references. Every refusal is a 400 with a sentence naming the field (the request body as a
 * whole is limited by the server's request size, 413 above it).
 */
public final class ManifestRules {
    public static final int MAX_PACKAGES = 3000;
    public static final int MAX_PROBLEMS = 200;
    public static final int MAX_PROBLEM_LENGTH = 500;
    public static final int MAX_IGNORED = 500;
    private static final Set<String> SOURCES = Set.of("pypi", "wheel", "editable", "conda");
    /** A sys.platform value (the same in Java and in the OpenAPI document). */
    public static final String PLATFORM_PATTERN = "^[a-z][a-z0-9_]{0,31}$";
    /** The architectures accepted, in any case (the same set as the map below). */
    public static final String ARCHITECTURE_PATTERN = "^([xX]86_64|[aA][mM][dD]64|[aA][rR][mM]64|[aA][aA][rR][cC][hH]64)$";
    private static final Pattern PLATFORM = Pattern.compile(PLATFORM_PATTERN);
    private static final Map<String, String> ARCHITECTURES = Map.of("x86_64", "x86_64", "amd64", "x86_64",
            "arm64", "arm64", "aarch64", "arm64");

    private ManifestRules() {
    }

    /** Validates the whole request; returns nothing, throws the first problem. */
    public static void check(PackageSyncRequest request) {
        if (request == null || request.manifest() == null) {
            throw ServiceException.invalid("manifest", "A package-sync request needs a manifest.");
        }
        SyncManifest manifest = request.manifest();
        if (manifest.python() == null || Versions.majorMinor(manifest.python()) == null) {
            throw ServiceException.invalid("manifest.python", "manifest.python must be a Python 3 version such as 3.11.7.");
        }
        if (manifest.platform() == null || !PLATFORM.matcher(manifest.platform()).matches()) {
            throw ServiceException.invalid("manifest.platform", "manifest.platform must be a sys.platform value such as linux or darwin.");
        }
        architecture(manifest.architecture());
        checkPackages(manifest.packages());
        List<String> problems = manifest.problemsOrEmpty();
        if (problems.size() > MAX_PROBLEMS || problems.stream().anyMatch(p -> p == null || p.length() > MAX_PROBLEM_LENGTH)) {
            throw ServiceException.invalid("manifest.problems", "manifest.problems holds at most " + MAX_PROBLEMS
                    + " lines of at most " + MAX_PROBLEM_LENGTH + " characters each.");
        }
        List<String> ignore = request.ignore() == null ? List.of() : request.ignore();
        if (ignore.size() > MAX_IGNORED) {
            throw ServiceException.invalid("ignore", "ignore names at most " + MAX_IGNORED + " packages.");
        }
        for (String name : ignore) {
            if (!PackageNames.isValid(name)) {
                throw ServiceException.invalid("ignore", "ignore holds '" + shorten(name) + "', which is not a package name.");
            }
        }
        FailOn.parse(request.failOn());
    }

    /** The normalised architecture (x86_64 or arm64), or a 400. */
    public static String architecture(String architecture) {
        String normal = architecture == null ? null : ARCHITECTURES.get(architecture.toLowerCase(java.util.Locale.ROOT));
        if (normal == null) {
            throw ServiceException.invalid("manifest.architecture",
                    "manifest.architecture must be x86_64 (amd64) or arm64 (aarch64).");
        }
        return normal;
    }

    private static void checkPackages(List<SyncPackage> packages) {
        if (packages == null || packages.isEmpty()) {
            throw ServiceException.invalid("manifest.packages", "manifest.packages must list the installed distributions.");
        }
        if (packages.size() > MAX_PACKAGES) {
            throw new ServiceException(ServiceException.Kind.INVALID_INPUT, "manifest_too_large",
                    "The manifest lists " + packages.size() + " packages; package sync takes at most " + MAX_PACKAGES + ".",
                    Map.of("field", "manifest.packages", "limit", MAX_PACKAGES));
        }
        Set<String> seen = new HashSet<>();
        for (SyncPackage p : packages) {
            if (p == null || !PackageNames.isValid(p.name())) {
                throw ServiceException.invalid("manifest.packages", "manifest.packages holds '"
                        + shorten(p == null ? null : p.name()) + "', which is not a distribution name.");
            }
            if (!Versions.isSafe(p.version())) {
                throw ServiceException.invalid("manifest.packages", "The version of " + p.name() + " ('"
                        + shorten(p.version()) + "') is not a version.");
            }
            if (!seen.add(PackageNames.normalize(p.name()))) {
                throw new InconsistentManifest("manifest.packages", p.name() + " is listed twice.");
            }
            if (!SOURCES.contains(p.sourceOrDefault())) {
                throw ServiceException.invalid("manifest.packages", "The source of " + p.name()
                        + " must be pypi, wheel, editable or conda.");
            }
            checkWheel(p);
        }
    }

    private static void checkWheel(SyncPackage p) {
        SyncManifest.SyncWheel wheel = p.wheel();
        if (wheel == null) {
            return;
        }
        WheelFileName name = WheelFileName.parse(wheel.filename());
        WheelFileName.requireSha256(wheel.sha256(), "manifest.packages.wheel.sha256");
        if (!PackageNames.normalize(name.distribution()).equals(PackageNames.normalize(p.name()))) {
            throw new InconsistentManifest("manifest.packages", "The wheel " + wheel.filename() + " is not a wheel of " + p.name() + ".");
        }
    }

    private static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
