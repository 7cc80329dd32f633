package io.flotilla.provider.local.runtime;

import io.flotilla.testing.AppTestProperties;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an explicit interpreter the appliance starts building at startup, in the background: the app is up
 * before the build ends, and a failed build leaves its log and no ready marker. (The requirements point at a
 * package that does not exist so that the build fails fast; VenvPythonRuntimeTest covers a real build.)
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRuntimeStartupTest extends AppTestProperties {
    @Inject
    VenvPythonRuntime runtime;

    @Override
    protected Map<String, String> extraProperties() {
        try {
            Path requirements = Files.createTempFile("broken-requirements", ".txt");
            Files.writeString(requirements, "flotilla-test-no-such-package-7f3a9c==0.0.1\n");
            return Map.of("flotilla.local.python", "", "flotilla.local.requirements-override", requirements.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void startupBuildsInTheBackground() throws Exception {
        Path dir = runtime.runtimeDir();
        assertThat(dir.getParent()).isEqualTo(dataDir().toAbsolutePath().resolve("runtime"));
        Path log = dir.resolve(VenvPythonRuntime.BUILD_LOG);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!(Files.exists(log) && Files.readString(log).contains("exit code")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(log)).as("the startup build ran and failed at the pins")
                .contains("# building with").contains("flotilla-test-no-such-package-7f3a9c").contains("exit code");
        assertThat(dir.resolve(VenvPythonRuntime.READY)).doesNotExist();
    }
}
