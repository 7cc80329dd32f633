package io.flotilla.provider;

import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.provider.local.LocalProviderConfig;
import io.flotilla.provider.local.LocalPythonRuntime;
import io.flotilla.provider.local.runtime.VenvPythonRuntime;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The appliance registers the local provider once a Python runtime exists, configured from flotilla.local.*. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderWiringTest extends AppTestProperties {
    @Inject
    ProviderRegistry registry;
    @Inject
    LocalProviderConfig localConfig;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.test.fake-local-runtime", "true", "flotilla.local.terminate-grace", "3s");
    }

    @Test
    void registersTheLocalProviderWithItsConfiguration() {
        ComputeProvider local = registry.get("local");
        assertThat(local).isInstanceOf(LocalComputeProvider.class);
        assertThat(local.capabilities().survivesApplianceRestart()).isTrue();
        assertThat(local.list(Map.of())).isEmpty();
        assertThat(localConfig.getTerminateGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(localConfig.getHost()).isEqualTo("127.0.0.1");
    }

    /** Stands in for the real venv-backed runtime; only this test class switches it on. */
    @Singleton
    @Replaces(VenvPythonRuntime.class)
    @Requires(property = "flotilla.test.fake-local-runtime", value = "true")
    static class FakeRuntime implements LocalPythonRuntime {
        @Override
        public Path python() {
            return Path.of("/nonexistent/python");
        }
    }
}
