import io.flotilla.environment.sync.Classification;
import io.flotilla.environment.sync.ManifestRules;
import io.flotilla.environment.sync.PackageClassifier;
import io.flotilla.environment.sync.PackageSyncRequest;
import io.flotilla.environment.sync.SyncManifest;
import io.flotilla.environment.sync.SyncedSpecName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server side of package sync in-process: validation, classification and the spec name of an N-package
 * manifest, timed over many rounds after a JIT warm-up. Run by bench/package_sync_classify.py
 * (java -cp app/target/classes:DEPENDENCIES bench/PackageSyncClassify.java N ROUNDS); prints "median_ms p95_ms".
 */
public class PackageSyncClassify {
    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<SyncManifest.SyncPackage> packages = new ArrayList<>(List.of(
                pkg("dask", "2026.1.2", null), pkg("distributed", "2026.1.2", null), pkg("cloudpickle", "3.1.1", null),
                pkg("msgpack", "1.1.0", null), pkg("tornado", "6.4.2", null), pkg("toolz", "1.0.0", null),
                pkg("pip", "24.0", null), pkg("appnope", "0.1.4", null), pkg("libgcc-ng", "13.2.0", "conda"),
                pkg("numpy", "1.26.4=py311h64a7726_0", "conda"), pkg("torch", "2.4.1+cpu", null), pkg("flotilla", "0.1.0", null)));
        for (int i = packages.size(); i < size; i++) {
            packages.add(pkg("bench-package-" + i, "1." + i + ".0", null));
        }
        PackageSyncRequest request = new PackageSyncRequest(new SyncManifest("3.11.7", "linux", "x86_64", packages,
                List.of("pandas 2.2.3 requires numpy, which is not installed.")), false, List.of("bench-package-20"), "critical-only");
        PackageClassifier classifier = new PackageClassifier();
        String name = null;
        for (int i = 0; i < 2000; i++) {
            name = run(request, classifier);
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            name = run(request, classifier);
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%.3f %.3f %s%n", ms[rounds / 2], ms[(int) (rounds * 0.95) - 1], name);
    }

    private static String run(PackageSyncRequest request, PackageClassifier classifier) {
        ManifestRules.check(request);
        Classification c = classifier.classify(request);
        return SyncedSpecName.of(c.spec());
    }

    private static SyncManifest.SyncPackage pkg(String name, String version, String source) {
        return new SyncManifest.SyncPackage(name, version, source, null);
    }
}
