package io.flotilla.environment.sync;

import io.flotilla.environment.sync.SyncManifest.SyncPackage;
import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.flotilla.environment.sync.Manifests.base;
import static io.flotilla.environment.sync.Manifests.pypi;
import static io.flotilla.environment.sync.Manifests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad manifests and wheel names are refused with a sentence naming the field. */
class ManifestRulesTest {

    private static void refused(PackageSyncRequest request, String field, String sentence) {
        assertThatThrownBy(() -> ManifestRules.check(request)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).contains(sentence);
        });
    }

    private static List<SyncPackage> with(SyncPackage extra) {
        List<SyncPackage> packages = base();
        packages.add(extra);
        return packages;
    }

    @Test
    void aGoodManifestPasses() {
        ManifestRules.check(request(Manifests.sized(300), true, List.of("pandas"), "any"));
    }

    @Test
    void badNamesVersionsAndDuplicatesAreRefused() {
        refused(request(with(pypi("--index-url=http://evil", "1.0"))), "manifest.packages", "not a distribution name");
        refused(request(with(pypi("pandas", "2.0; os_name=='nt'"))), "manifest.packages", "is not a version");
        refused(request(with(pypi("pandas", ">=2.0"))), "manifest.packages", "is not a version");
        refused(request(with(pypi("Dask", "2026.1.2"))), "manifest.packages", "Dask is listed twice");
        refused(request(with(new SyncPackage("pandas", "2.2.3", "svn", null))), "manifest.packages", "source of pandas");
        refused(request(List.of()), "manifest.packages", "must list");
        refused(request(base(), null, List.of("not a name"), null), "ignore", "not a package name");
        refused(request(base(), null, null, "sometimes"), "failOn", "critical-only, warning-or-higher, any");
    }

    @Test
    void anOversizedManifestIsRefusedWithItsLimit() {
        assertThatThrownBy(() -> ManifestRules.check(request(Manifests.sized(ManifestRules.MAX_PACKAGES + 1))))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo("manifest_too_large");
                    assertThat(e.getMessage()).contains("at most " + ManifestRules.MAX_PACKAGES);
                });
    }

    @Test
    void pythonPlatformAndArchitectureMustBeKnown() {
        refused(new PackageSyncRequest(new SyncManifest("2.7.18", "linux", "x86_64", base(), null), null, null, null),
                "manifest.python", "Python 3 version");
        refused(new PackageSyncRequest(new SyncManifest("3.11.7", "Linux OS", "x86_64", base(), null), null, null, null),
                "manifest.platform", "sys.platform");
        refused(new PackageSyncRequest(new SyncManifest("3.11.7", "linux", "sparc", base(), null), null, null, null),
                "manifest.architecture", "x86_64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil-1.0-py3-none-any.whl", "/etc/evil-1.0-py3-none-any.whl", "..\\evil-1.0-py3-none-any.whl",
            "sub/evil-1.0-py3-none-any.whl", "evil-1.0-py3-none-any.zip", "evil.whl", ".hidden-1.0-py3-none-any.whl",
            "evil-1.0-py3-none.whl", "evil-1.0-py3-none-any.whl\u0000.txt"})
    void wheelNamesThatAreNotWheelFileNamesAreRefused(String filename) {
        assertThatThrownBy(() -> WheelFileName.parse(filename)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.details()).containsEntry("field", "filename"));
    }

    @Test
    void wheelFileNamesAreParsedAsTheWheelFormatSays() {
        WheelFileName name = WheelFileName.parse("my_lib-0.1.0-1build-py3-none-any.whl");
        assertThat(name.distribution()).isEqualTo("my_lib");
        assertThat(name.version()).isEqualTo("0.1.0");
        assertThat(name.installsOnLinux("arm64")).isTrue();
        assertThat(WheelFileName.parse("x-1.0-cp310-abi3-manylinux_2_28_aarch64.whl").installsOnPython("3.12")).isTrue();
        assertThat(WheelFileName.parse("x-1.0-cp312-cp312-manylinux_2_28_aarch64.whl").installsOnPython("3.11")).isFalse();
        refused(request(with(Manifests.editable("other", "0.1", "my_lib-0.1.0-py3-none-any.whl"))), "manifest.packages",
                "is not a wheel of other");
    }
}
