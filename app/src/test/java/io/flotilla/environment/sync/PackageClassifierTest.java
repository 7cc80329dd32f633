package io.flotilla.environment.sync;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.sync.SyncManifest.SyncPackage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.flotilla.environment.sync.Manifests.base;
import static io.flotilla.environment.sync.Manifests.conda;
import static io.flotilla.environment.sync.Manifests.editable;
import static io.flotilla.environment.sync.Manifests.pypi;
import static io.flotilla.environment.sync.Manifests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The classifier's decisions, package by package, and the spec it produces. */
class PackageClassifierTest {
    private final PackageClassifier classifier = new PackageClassifier();

    private Classification classify(List<SyncPackage> packages) {
        return classifier.classify(request(packages));
    }

    private static Map<String, ClassifiedPackage> byName(Classification c) {
        return c.packages().stream().collect(Collectors.toMap(ClassifiedPackage::name, Function.identity()));
    }

    @Test
    void criticalPackagesArePinnedExactlyAndPythonIsMajorMinor() {
        Classification c = classify(base());
        assertThat(byName(c).values()).allSatisfy(p -> assertThat(p.level()).isEqualTo(PackageLevel.CRITICAL));
        EnvironmentSpec spec = c.spec();
        assertThat(spec.pip()).containsExactly("cloudpickle==3.1.1", "dask==2026.1.2", "distributed==2026.1.2",
                "msgpack==1.1.0", "toolz==1.0.0", "tornado==6.4.2");
        assertThat(spec.python()).isEqualTo("3.11");
        assertThat(spec.architecture()).isEqualTo("x86_64");
        assertThat(c.issues()).isEmpty();
    }

    @Test
    void toolingPlatformOnlyAndCondaOnlyPackagesStayOutAndFlotillaIsNeverAPypiRequirement() {
        List<SyncPackage> packages = base();
        packages.addAll(List.of(pypi("pip", "24.0"), pypi("setuptools", "75.1.0"), pypi("ipykernel", "6.29.5"),
                pypi("jupyterlab-server", "2.27.3"), pypi("pywin32", "306"), pypi("appnope", "0.1.4"),
                pypi("pyobjc-framework-Cocoa", "10.3"), conda("libgcc-ng", "13.2.0"), conda("python", "3.11.7"),
                pypi("flotilla", "0.1.0"), pypi("pandas", "2.2.3")));
        Classification c = classify(packages);
        Map<String, ClassifiedPackage> decided = byName(c);
        for (String name : List.of("pip", "setuptools", "ipykernel", "jupyterlab-server", "pywin32", "appnope",
                "pyobjc-framework-Cocoa", "libgcc-ng", "python")) {
            assertThat(decided.get(name).level()).as(name).isEqualTo(PackageLevel.IGNORE);
            assertThat(decided.get(name).action()).as(name).isEqualTo("skip");
        }
        assertThat(decided.get("flotilla").action()).isEqualTo("substitute");
        assertThat(decided.get("pandas").level()).isEqualTo(PackageLevel.LOOSE);
        assertThat(c.spec().pip()).contains("pandas==2.2.3").noneMatch(line -> line.startsWith("flotilla"))
                .noneMatch(line -> line.startsWith("pip") || line.startsWith("pywin32") || line.startsWith("lib"));
        assertThat(c.issues()).isEmpty();
    }

    @Test
    void condaBuildsAndLocalLabelsAreApproximatedByTheNearestPypiReleaseWithAWarning() {
        List<SyncPackage> packages = base();
        packages.addAll(List.of(conda("numpy", "1.26.4=py311h64a7726_0"), pypi("torch", "2.4.1+cpu"),
                conda("msgpack-python", "1.1.0"), conda("r-base", "four")));
        packages.removeIf(p -> p.name().equals("msgpack"));
        Classification c = classify(packages);
        Map<String, ClassifiedPackage> decided = byName(c);
        assertThat(decided.get("numpy").action()).isEqualTo("approximate");
        assertThat(decided.get("numpy").pin()).isEqualTo("numpy==1.26.4");
        assertThat(decided.get("torch").pin()).isEqualTo("torch==2.4.1");
        assertThat(decided.get("msgpack-python").level()).as("conda's name for a critical package").isEqualTo(PackageLevel.CRITICAL);
        assertThat(decided.get("r-base").action()).isEqualTo("skip");
        assertThat(c.spec().pip()).contains("numpy==1.26.4", "torch==2.4.1", "msgpack==1.1.0");
        assertThat(c.issues()).extracting(SyncIssue::severity).containsOnly(IssueSeverity.WARNING);
        assertThat(c.issues()).extracting(SyncIssue::sentence).anyMatch(s -> s.contains("torch 2.4.1+cpu") && s.contains("2.4.1"));
        assertThat(c.refusing(FailOn.CRITICAL_ONLY)).isEmpty();
        assertThat(c.refusing(FailOn.WARNING_OR_HIGHER)).hasSize(3);
    }

    @Test
    void aCriticalPackageThatCannotMatchExactlyIsACriticalIssue() {
        List<SyncPackage> packages = base();
        packages.replaceAll(p -> p.name().equals("distributed") ? pypi("distributed", "2026.1.2+g1234abc") : p);
        Classification c = classify(packages);
        assertThat(c.refusing(FailOn.CRITICAL_ONLY)).singleElement().satisfies(i -> {
            assertThat(i.packageName()).isEqualTo("distributed");
            assertThat(i.sentence()).contains("distributed 2026.1.2+g1234abc", "does not match exactly");
        });
    }

    @Test
    void strictTurnsEveryApproximationIntoACriticalIssue() {
        List<SyncPackage> packages = base();
        packages.add(pypi("torch", "2.4.1+cpu"));
        assertThat(classifier.classify(request(packages, false, null, null)).refusing(FailOn.CRITICAL_ONLY)).isEmpty();
        assertThat(classifier.classify(request(packages, true, null, null)).refusing(FailOn.CRITICAL_ONLY))
                .extracting(SyncIssue::packageName).containsExactly("torch");
    }

    @Test
    void ignoredPackagesAreLeftOutAsInfoAndOnlyAnyRefusesThem() {
        List<SyncPackage> packages = base();
        packages.add(pypi("Big_Model.Weights", "3.0"));
        Classification c = classifier.classify(request(packages, null, List.of("big-model-weights"), null));
        assertThat(c.spec().pip()).noneMatch(l -> l.startsWith("big"));
        assertThat(c.issues()).extracting(SyncIssue::severity).containsExactly(IssueSeverity.INFO);
        assertThat(c.refusing(FailOn.WARNING_OR_HIGHER)).isEmpty();
        assertThat(c.refusing(FailOn.ANY)).hasSize(1);
    }

    @Test
    void localPackagesComeFromTheirWheelsAndWithoutOneTheyAreAWarning() {
        List<SyncPackage> packages = base();
        packages.add(editable("my-lib", "0.1.0", "my_lib-0.1.0-py3-none-any.whl"));
        packages.add(editable("other-lib", "0.2.0", null));
        Classification c = classify(packages);
        assertThat(c.spec().wheels()).containsExactly(new WheelRef("my_lib-0.1.0-py3-none-any.whl", Manifests.SHA));
        assertThat(c.spec().pip()).noneMatch(l -> l.startsWith("my-lib") || l.startsWith("other-lib"));
        assertThat(byName(c).get("my-lib").action()).isEqualTo("wheel");
        assertThat(c.issues()).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(IssueSeverity.WARNING);
            assertThat(i.sentence()).contains("other-lib 0.2.0 is a local package");
        });
    }

    @Test
    void aWheelBuiltForAnotherPlatformIsCritical() {
        List<SyncPackage> packages = base();
        packages.add(editable("fastext", "1.0", "fastext-1.0-cp311-cp311-macosx_14_0_arm64.whl"));
        assertThat(classify(packages).refusing(FailOn.CRITICAL_ONLY)).singleElement()
                .satisfies(i -> assertThat(i.sentence()).contains("macosx_14_0_arm64", "linux x86_64"));
        packages.set(packages.size() - 1, editable("fastext", "1.0", "fastext-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"));
        assertThat(classify(packages).issues()).isEmpty();
    }

    @Test
    void pipCheckProblemsAreWarningsAndAMissingDistributedIsCritical() {
        List<SyncPackage> packages = base();
        packages.removeIf(p -> p.name().equals("distributed"));
        PackageSyncRequest request = new PackageSyncRequest(new SyncManifest("3.12.1", "darwin", "arm64", packages,
                List.of("pandas 2.2.3 requires numpy, which is not installed.")), null, null, null);
        Classification c = classifier.classify(request);
        assertThat(c.spec().architecture()).isEqualTo("arm64");
        assertThat(c.spec().python()).isEqualTo("3.12");
        assertThat(c.issues()).extracting(SyncIssue::severity).containsExactlyInAnyOrder(IssueSeverity.CRITICAL, IssueSeverity.WARNING);
        assertThat(c.issues()).extracting(SyncIssue::sentence).anyMatch(s -> s.contains("pandas 2.2.3 requires numpy"));
    }

    @Test
    void theSameEnvironmentInAnotherOrderNamesTheSameEnvironment() {
        List<SyncPackage> packages = Manifests.sized(40);
        List<SyncPackage> reversed = new java.util.ArrayList<>(packages);
        java.util.Collections.reverse(reversed);
        String name = SyncedSpecName.of(classify(packages).spec());
        assertThat(name).matches("package-sync-[0-9a-f]{12}");
        assertThat(SyncedSpecName.of(classify(reversed).spec())).isEqualTo(name);
        packages.set(10, pypi("package-10", "9.9.9"));
        assertThat(SyncedSpecName.of(classify(packages).spec())).isNotEqualTo(name);
    }
}
