package io.flotilla.api.environment;

import io.flotilla.environment.BuildLogPage;
import io.flotilla.environment.BuildView;
import io.flotilla.environment.EnvironmentDetail;
import io.flotilla.environment.EnvironmentView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies of the software environment routes. */
public final class EnvironmentViews {
    private EnvironmentViews() {
    }

    @Serdeable
    @Schema(name = "SoftwareEnvironment")
    public record Environment(String name, int version, String specHash,
                              @Schema(allowableValues = {"queued", "building", "ready", "failed"}) String state,
                              @Nullable @Schema(description = "why the build failed, with the installer's last lines") String failure,
                              UUID buildId, @Schema(allowableValues = {"pip", "conda", "container"}) String kind,
                              List<String> pip, @Nullable EnvironmentRequests.Conda conda, @Nullable String container,
                              String python, String architecture, boolean gpuEnabled, List<Wheel> wheels,
                              String createdBy, Instant createdAt) {
        static Environment of(EnvironmentView v) {
            return new Environment(v.name(), v.version(), v.specHash(), v.state(), v.failure(), v.buildId(), v.kind(),
                    v.spec().pip(), v.spec().conda() == null ? null
                    : new EnvironmentRequests.Conda(v.spec().conda().channels(), v.spec().conda().dependencies()),
                    v.spec().container(), v.spec().python(), v.spec().architecture(), v.spec().gpu(),
                    v.spec().wheels().stream().map(w -> new Wheel(w.filename(), w.sha256())).toList(),
                    v.createdBy(), v.createdAt());
        }
    }

    @Serdeable
    @Schema(name = "SoftwareEnvironmentWheel")
    public record Wheel(String filename, String sha256) {
    }

    @Serdeable
    @Schema(name = "EnvironmentBuild")
    public record Build(UUID id, String specHash, String builder,
                        @Schema(allowableValues = {"queued", "building", "ready", "failed"}) String state,
                        @Nullable String failure, int attempts,
                        @Nullable @Schema(description = "what the build produced: a venv's python or an image URI") String artifact,
                        Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {
        static Build of(BuildView b) {
            return new Build(b.id(), b.specHash(), b.builder(), b.state(), b.failure(), b.attempts(), b.artifact(),
                    b.createdAt(), b.startedAt(), b.finishedAt());
        }
    }

    @Serdeable
    @Schema(name = "SoftwareEnvironmentDetail")
    public record Detail(Environment current, List<Environment> versions, List<Build> builds) {
        static Detail of(EnvironmentDetail d) {
            return new Detail(Environment.of(d.current()), d.versions().stream().map(Environment::of).toList(),
                    d.builds().stream().map(Build::of).toList());
        }
    }

    @Serdeable
    @Schema(name = "BuildLog")
    public record Log(@Schema(description = "lines after the position asked for") List<String> lines,
                      @Schema(description = "the position after the last line (ask with after=next)") int next,
                      @Schema(allowableValues = {"queued", "building", "ready", "failed"}) String state,
                      @Schema(description = "true: the build is over, no more lines will come") boolean finished) {
        static Log of(BuildLogPage page) {
            return new Log(page.lines(), page.next(), page.state(), page.finished());
        }
    }
}
