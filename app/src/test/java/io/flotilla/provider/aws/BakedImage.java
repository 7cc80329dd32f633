package io.flotilla.provider.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * What the Packer worker build ({@code packer/worker/worker.pkr.hcl}) uploads to its build VM before running
 * install.sh with {@code --from … --no-start}: install.sh itself, the agent's unit from {@code packer/files}, the
 * pinned requirements, the flotilla wheel Maven built, and the wheels of a wheelhouse (here the test's, so the bake
 * runs offline). The VM player's baked VMs are made from it.
 */
final class BakedImage {
    private BakedImage() {
    }

    /** Lays out {@code image/install.sh} and {@code image/files/}. */
    static void prepare(Path image) throws IOException {
        Path files = Files.createDirectories(image.resolve("files"));
        Path resources = Path.of("src/main/resources").toAbsolutePath();
        Files.copy(resources.resolve("agent/install.sh"), image.resolve("install.sh"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("../packer/files/flotilla-agent.service"), files.resolve("flotilla-agent.service"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(resources.resolve("runtime/requirements.txt"), files.resolve("requirements.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(resources.resolve("agent/requirements-aws.txt"), files.resolve("requirements-aws.txt"), StandardCopyOption.REPLACE_EXISTING);
        Path runtime = Path.of("target/classes/runtime");
        String wheel = Files.readString(runtime.resolve("flotilla-wheel.txt"), StandardCharsets.UTF_8).trim();
        Files.copy(runtime.resolve(wheel), files.resolve(wheel), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> wheels = Files.list(TestWheelhouse.dir())) {
            for (Path w : wheels.toList()) {
                Files.copy(w, files.resolve(w.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
