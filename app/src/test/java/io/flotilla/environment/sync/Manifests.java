package io.flotilla.environment.sync;

import io.flotilla.environment.sync.SyncManifest.SyncPackage;

import java.util.ArrayList;
import java.util.List;

/** Test manifests: a realistic Linux environment, and one of any size. */
final class Manifests {
    static final String SHA = "a".repeat(64);

    private Manifests() {
    }

    static SyncPackage pypi(String name, String version) {
        return new SyncPackage(name, version, null, null);
    }

    static SyncPackage conda(String name, String version) {
        return new SyncPackage(name, version, "conda", null);
    }

    static SyncPackage editable(String name, String version, String wheel) {
        return new SyncPackage(name, version, "editable", wheel == null ? null : new SyncManifest.SyncWheel(wheel, SHA));
    }

    /** The packages every synced environment has: Dask and its serialisers. */
    static List<SyncPackage> base() {
        return new ArrayList<>(List.of(pypi("dask", "2026.1.2"), pypi("distributed", "2026.1.2"),
                pypi("cloudpickle", "3.1.1"), pypi("msgpack", "1.1.0"), pypi("tornado", "6.4.2"), pypi("toolz", "1.0.0")));
    }

    static PackageSyncRequest request(List<SyncPackage> packages) {
        return request(packages, null, null, null);
    }

    static PackageSyncRequest request(List<SyncPackage> packages, Boolean strict, List<String> ignore, String failOn) {
        return new PackageSyncRequest(new SyncManifest("3.11.7", "linux", "x86_64", packages, List.of()), strict, ignore, failOn);
    }

    /** A manifest of {@code n} packages: the base, tooling, a few conda and platform-only ones, the rest PyPI releases. */
    static List<SyncPackage> sized(int n) {
        List<SyncPackage> packages = base();
        packages.addAll(List.of(pypi("pip", "24.0"), pypi("setuptools", "75.1.0"), pypi("jupyterlab", "4.2.0"),
                pypi("appnope", "0.1.4"), conda("libgcc-ng", "13.2.0"), conda("numpy", "1.26.4=py311h64a7726_0"),
                pypi("torch", "2.4.1+cpu"), pypi("flotilla", "0.1.0")));
        for (int i = packages.size(); i < n; i++) {
            packages.add(pypi("package-" + i, "1." + i + ".0"));
        }
        return packages;
    }
}
