package io.flotilla.provider.local.runtime;

import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.provider.local.LocalPythonRuntime;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The appliance's own runtime bean switches the local provider on; flotilla.local.* configures it. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRuntimeWiringTest extends AppTestProperties {
    private static final String PYTHON = "/opt/air-gapped/bin/python3";

    @Inject
    LocalPythonRuntime runtime;
    @Inject
    LocalRuntimeConfig config;
    @Inject
    ProviderRegistry registry;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PYTHON,
                "flotilla.local.pip-index-url", "https://mirror.example.invalid/simple",
                "flotilla.local.build-timeout", "7m");
    }

    @Test
    void theVenvRuntimeRegistersTheLocalProvider() {
        assertThat(runtime).isInstanceOf(VenvPythonRuntime.class);
        assertThat(registry.ids()).contains(LocalComputeProvider.ID);
        assertThat(registry.get(LocalComputeProvider.ID)).isInstanceOf(LocalComputeProvider.class);
    }

    @Test
    void bindsItsSettingsAndUsesTheExplicitInterpreterAsIs() {
        assertThat(config.getPythonForVenv()).isEqualTo("python3");
        assertThat(config.getPipIndexUrl()).isEqualTo("https://mirror.example.invalid/simple");
        assertThat(config.getBuildTimeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(config.getRequirementsOverride()).isNull();
        assertThat(runtime.python()).isEqualTo(Path.of(PYTHON));
        assertThat(dataDir().resolve("runtime")).as("nothing built at startup").doesNotExist();
    }
}
