package io.flotilla.provider.aws.imagebuild;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.PackageIndex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated Dockerfile's base image by GPU flag and container, and where the index's credentials go. */
class BuildDockerfileTest {
    private final AwsBuildConfig config = new AwsBuildConfig();

    @Test
    void aGpuSpecBuildsOnTheGpuBaseWithTheSpecsPython() {
        String dockerfile = BuildDockerfile.render(new EnvironmentSpec(List.of("torch==2.5.1"), null, null, "3.12", "x86_64",
                true, List.of()), config, "flotilla-0.1.0-py3-none-any.whl", null);
        assertThat(dockerfile).contains("FROM nvcr.io/nvidia/cuda:12.6.3-runtime-ubuntu24.04\n")
                .contains("RUN uv venv --python 3.12 /opt/flotilla/env\n").doesNotContain("python:3.12-slim")
                .doesNotContain("UV_INDEX");
    }

    @Test
    void aContainerSpecBuildsOnThatImageAndKeepsItsPackagesVisible() {
        config.setBaseImage("registry.example/python:{python}");
        String dockerfile = BuildDockerfile.render(new EnvironmentSpec(List.of(), null, "ghcr.io/acme/science:2024.1", "3.11",
                "arm64", false, List.of()), config, "flotilla-0.1.0-py3-none-any.whl", null);
        assertThat(dockerfile).contains("FROM ghcr.io/acme/science:2024.1\n")
                .contains("RUN uv venv --python 3.11 --system-site-packages /opt/flotilla/env\n")
                .doesNotContain("registry.example")
                .endsWith("RUN uv pip install --python /opt/flotilla/env/bin/python --no-deps --no-index"
                        + " /opt/flotilla/appliance/flotilla-0.1.0-py3-none-any.whl\nENV PATH=/opt/flotilla/env/bin:$PATH\n");
    }

    @Test
    void anIndexWithoutPasswordNeedsNoSecretMount() {
        String dockerfile = BuildDockerfile.render(new EnvironmentSpec(List.of("corp==1"), null, null, "3.11", "x86_64", false,
                List.of()), config, "flotilla-0.1.0-py3-none-any.whl", new PackageIndex("https://pypi.corp.example/simple", null, null));
        assertThat(dockerfile).contains("UV_INDEX='private=https://pypi.corp.example/simple'")
                .doesNotContain("--mount=type=secret").doesNotContain("_USERNAME");
    }
}
