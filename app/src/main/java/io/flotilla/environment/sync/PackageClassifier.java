package io.flotilla.environment.sync;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.sync.SyncManifest.SyncPackage;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, package by package, what a Linux cluster installs to match the client's environment: critical
 * packages exactly, loose ones at the client's version or the nearest PyPI release, tooling and platform-only
 * packages not at all, local and editable packages from their uploaded wheels, and flotilla never from an index
 * (the builders install the appliance's own wheel). The result is an {@link EnvironmentSpec} and the issues.
 * Call {@link ManifestRules#check} first.
 */
@Singleton
public class PackageClassifier {

    /** Classifies a checked request for a Linux cluster. */
    public Classification classify(PackageSyncRequest request) {
        SyncManifest manifest = request.manifest();
        boolean strict = Boolean.TRUE.equals(request.strict());
        Set<String> ignored = new HashSet<>();
        (request.ignore() == null ? List.<String>of() : request.ignore()).forEach(n -> ignored.add(PackageNames.normalize(n)));
        String python = Versions.majorMinor(manifest.python());
        String architecture = ManifestRules.architecture(manifest.architecture());
        Context context = new Context(strict, python, architecture);
        for (SyncPackage p : manifest.packages()) {
            classifyOne(p, ignored, context);
        }
        if (context.packages.stream().noneMatch(p -> PackageNames.normalize(p.name()).equals("distributed")
                && !p.action().equals("skip"))) {
            context.issue(IssueSeverity.CRITICAL, "distributed", "The manifest has no installed distributed; the"
                    + " cluster must run the client's distributed.");
        }
        for (String problem : manifest.problemsOrEmpty()) {
            context.issue(IssueSeverity.WARNING, null, "pip check reports a broken requirement here: " + problem);
        }
        context.pins.sort(Comparator.naturalOrder());
        context.wheels.sort(Comparator.comparing(WheelRef::filename));
        EnvironmentSpec spec = new EnvironmentSpec(List.copyOf(context.pins), null, null, python, architecture, false,
                List.copyOf(context.wheels));
        return new Classification(List.copyOf(context.packages), List.copyOf(context.issues), spec);
    }

    private void classifyOne(SyncPackage p, Set<String> ignored, Context c) {
        String source = p.sourceOrDefault();
        String name = PackageNames.normalize(p.name());
        if (source.equals("conda")) {
            if (PackageKnowledge.isCondaOnly(name)) {
                c.add(p, PackageLevel.IGNORE, "skip", null, "a conda-only package with nothing to install from PyPI");
                return;
            }
            name = PackageKnowledge.pypiNameOfConda(name);
        }
        if (name.equals(PackageKnowledge.FLOTILLA)) {
            c.add(p, PackageLevel.IGNORE, "substitute", null, "the appliance's own flotilla wheel is installed, never one from an index");
            return;
        }
        boolean critical = PackageKnowledge.CRITICAL.contains(name);
        if (ignored.contains(name)) {
            c.add(p, PackageLevel.IGNORE, "skip", null, "left out at your request (package_sync_ignore)");
            c.issue(critical ? IssueSeverity.WARNING : IssueSeverity.INFO, p.name(), p.name() + " is left out at your request"
                    + (critical ? "; it is critical, so the cluster's version may not match " + p.version() + "." : "."));
            return;
        }
        if (PackageKnowledge.isTooling(name)) {
            c.add(p, PackageLevel.IGNORE, "skip", null, "tooling the cluster does not need");
            return;
        }
        if (PackageKnowledge.isPlatformOnly(name)) {
            c.add(p, PackageLevel.IGNORE, "skip", null, "only for Windows or macOS, not Linux");
            return;
        }
        PackageLevel level = critical ? PackageLevel.CRITICAL : PackageLevel.LOOSE;
        if (p.wheel() != null) {
            classifyWheel(p, level, c);
        } else if (source.equals("wheel") || source.equals("editable")) {
            c.add(p, level, "skip", null, "a local package without an uploaded wheel");
            c.issue(critical || c.strict ? IssueSeverity.CRITICAL : IssueSeverity.WARNING, p.name(), p.name() + " " + p.version()
                    + " is a local package and no wheel of it was uploaded, so the cluster will not have it.");
        } else {
            classifyRelease(p, name, level, c);
        }
    }

    private void classifyWheel(SyncPackage p, PackageLevel level, Context c) {
        WheelFileName wheel = WheelFileName.parse(p.wheel().filename());
        if (!wheel.installsOnLinux(c.architecture) || !wheel.installsOnPython(c.python)) {
            c.add(p, level, "skip", null, "its wheel is built for another platform");
            c.issue(IssueSeverity.CRITICAL, p.name(), "The wheel " + wheel.filename() + " of " + p.name() + " is built for "
                    + wheel.pythonTag() + "/" + wheel.platformTag() + ", but the cluster runs Python " + c.python
                    + " on linux " + c.architecture + ".");
            return;
        }
        c.wheels.add(p.wheel().ref());
        c.add(p, level, "wheel", null, "installed from the uploaded wheel " + wheel.filename());
    }

    private void classifyRelease(SyncPackage p, String name, PackageLevel level, Context c) {
        if (Versions.isPublic(p.version())) {
            c.pin(p, level, "pin", name + "==" + p.version(), null);
            return;
        }
        String nearest = Versions.nearestPublic(p.version());
        boolean mustMatch = level == PackageLevel.CRITICAL || c.strict;
        if (nearest == null) {
            c.add(p, level, "skip", null, "no PyPI release matches this version");
            c.issue(mustMatch ? IssueSeverity.CRITICAL : IssueSeverity.WARNING, p.name(), p.name() + " " + p.version()
                    + " has no PyPI release to match, so the cluster will not have it.");
            return;
        }
        c.pin(p, level, "approximate", name + "==" + nearest, "approximated by the PyPI release " + nearest);
        c.issue(mustMatch ? IssueSeverity.CRITICAL : IssueSeverity.WARNING, p.name(), p.name() + " " + p.version()
                + " is not a PyPI release; the cluster gets " + nearest + (mustMatch ? ", which does not match exactly." : "."));
    }

    /** The state of one classification run. */
    private static final class Context {
        final boolean strict;
        final String python;
        final String architecture;
        final List<ClassifiedPackage> packages = new ArrayList<>();
        final List<SyncIssue> issues = new ArrayList<>();
        final List<String> pins = new ArrayList<>();
        final List<WheelRef> wheels = new ArrayList<>();

        Context(boolean strict, String python, String architecture) {
            this.strict = strict;
            this.python = python;
            this.architecture = architecture;
        }

        void add(SyncPackage p, PackageLevel level, String action, String pin, String note) {
            packages.add(new ClassifiedPackage(p.name(), p.version(), level, action, pin, note));
        }

        void pin(SyncPackage p, PackageLevel level, String action, String pin, String note) {
            pins.add(pin);
            add(p, level, action, pin, note);
        }

        void issue(IssueSeverity severity, String packageName, String sentence) {
            issues.add(new SyncIssue(severity, packageName, sentence));
        }
    }
}
