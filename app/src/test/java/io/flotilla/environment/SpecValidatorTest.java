package io.flotilla.environment;

import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specs are checked strictly and canonicalised, so that specs meaning the same thing share one hash. */
class SpecValidatorTest {
    private static EnvironmentSpec pip(String... lines) {
        return new EnvironmentSpec(List.of(lines), null, null, "3.11", "x86_64", false, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"six", "six==1.17.0", "requests[socks,security]>=2.31,<3", "numpy (>=1.26)",
            "pandas~=2.2; python_version >= \"3.10\"", "pywin32; sys_platform == 'win32' and python_version < '3.12'",
            "zope.interface===6.0", "Foo_Bar-baz.qux!=1.0.*"})
    void pep508LinesAreAccepted(String line) {
        assertThat(SpecValidator.canonical(pip(line)).pip()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-e .", "--index-url https://evil.example/simple", "-r other.txt", "six @ https://x.example/six.whl",
            "./local/package", "../../etc/passwd", "/abs/path.whl", "git+https://github.com/x/y", "six==", "six; rm -rf /",
            "six==1.0 # comment", "six; os.system('x')", "six ==1.0 extra", "", "   ", "pkg[", "-", "six==1.0\nfoo"})
    void malformedLinesAreRefusedWithASentence(String line) {
        assertThatThrownBy(() -> SpecValidator.canonical(pip(line))).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("pip: '").extracting(e -> ((ServiceException) e).kind())
                .isEqualTo(ServiceException.Kind.INVALID_INPUT);
    }

    @Test
    void sameMeaningSameHash() {
        String a = SpecJson.hash(SpecValidator.canonical(pip("toolz==1.0", "six  ==  1.17.0")));
        String b = SpecJson.hash(SpecValidator.canonical(pip("six ==  1.17.0", "toolz==1.0", "toolz==1.0")));
        String c = SpecJson.hash(SpecValidator.canonical(pip("six==1.16.0", "toolz==1.0")));
        assertThat(a).isEqualTo(b).hasSize(64).isNotEqualTo(c);
        EnvironmentSpec arm = new EnvironmentSpec(List.of("six"), null, null, "3.11", "arm64", false, List.of());
        assertThat(SpecJson.hash(SpecValidator.canonical(arm))).isNotEqualTo(SpecJson.hash(SpecValidator.canonical(pip("six"))));
        EnvironmentSpec read = SpecJson.read(SpecJson.write(SpecValidator.canonical(pip("six", "toolz"))));
        assertThat(read).isEqualTo(SpecValidator.canonical(pip("toolz", "six")));
    }

    @Test
    void emptyMixedOversizedAndOddFieldsAreRefused() {
        assertThatThrownBy(() -> SpecValidator.canonical(pip())).hasMessageContaining("The spec is empty");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of("six"), null, "python:3.11", "3.11",
                "x86_64", false, List.of()))).hasMessageContaining("exactly one of pip, conda and container");
        assertThatThrownBy(() -> SpecValidator.canonical(pip(Collections.nCopies(501, "six").toArray(String[]::new))))
                .hasMessageContaining("at most 500");
        assertThatThrownBy(() -> SpecValidator.canonical(pip("Flotilla==0.3.2"))).hasMessageContaining("leave flotilla out");
        assertThatThrownBy(() -> SpecValidator.canonical(pip("a".repeat(201)))).hasMessageContaining("longer than 200");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of("six"), null, null, "2.7", "x86_64",
                false, List.of()))).hasMessageContaining("python must be");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of("six"), null, null, "3.11", "sparc",
                false, List.of()))).hasMessageContaining("x86_64 or arm64");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(), null, null, "3.11", "x86_64", false,
                List.of(new WheelRef("../evil-1.0-py3-none-any.whl", "a".repeat(64)))))).hasMessageContaining("not a wheel file name");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(), null, null, "3.11", "x86_64", false,
                List.of(new WheelRef("/abs/evil-1.0-py3-none-any.whl", "a".repeat(64)))))).hasMessageContaining("not a wheel file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python:3.11-slim", "ghcr.io/org/image:1.2", "localhost:5000/a/b",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/flotilla/env@sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"})
    void imageReferencesAreAccepted(String image) {
        assertThat(SpecValidator.canonical(new EnvironmentSpec(List.of(), null, image, "3.11", "x86_64", false, List.of()))
                .container()).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/image", "Python:3.11", "image:tag with space", "../image", "image:", "-rm"})
    void otherContainerTextIsRefused(String image) {
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(), null, image, "3.11", "x86_64",
                false, List.of()))).hasMessageContaining("is not a container image reference");
    }

    @Test
    void condaChannelsAndMatchSpecs() {
        CondaSpec good = new CondaSpec(List.of("conda-forge", "nvidia/label/cuda-12.1.0", "https://conda.example.com/channel"),
                List.of("numpy", "numpy=1.26", "scipy>=1.11,<2", "conda-forge::xarray 2024.1.*"));
        assertThat(SpecValidator.canonical(new EnvironmentSpec(List.of(), good, null, "3.11", "x86_64", false, List.of()))
                .conda()).isEqualTo(good);
        for (String channel : List.of("file:///tmp/channel", "../chan", "http://insecure.example/ch", "-c", "conda forge", "")) {
            assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(),
                    new CondaSpec(List.of(channel), List.of("numpy")), null, "3.11", "x86_64", false, List.of())))
                    .as(channel).hasMessageContaining("conda.channels");
        }
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(),
                new CondaSpec(List.of("conda-forge"), List.of("./local.tar.bz2")), null, "3.11", "x86_64", false, List.of())))
                .hasMessageContaining("not a conda match spec");
        assertThatThrownBy(() -> SpecValidator.canonical(new EnvironmentSpec(List.of(),
                new CondaSpec(List.of(), List.of("numpy")), null, "3.11", "x86_64", false, List.of())))
                .hasMessageContaining("at least one channel");
    }
}
