package io.flotilla.provider.aws.imagebuild;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.environment.builder.WheelRef;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The Dockerfile of one environment image. Every image has a virtual environment at {@link #PYTHON}'s directory,
 * made by uv with the spec's python version on a base image chosen by GPU flag (or the spec's own container image,
 * whose packages stay visible), then: the spec's pip lines, the appliance's pins of what flotilla needs that the
 * spec does not name, the uploaded wheels (package sync), all resolved together, and last the appliance's own
 * flotilla wheel {@code --no-deps --no-index}. A private index's password is a BuildKit secret
 * ({@value #INDEX_SECRET}): mounted for that one {@code RUN} only, in no layer, no argument and no log line.
 */
final class BuildDockerfile {
    /** The interpreter of the environment inside the image; instances run Dask with it. */
    static final String PYTHON = "/opt/flotilla/env/bin/python";
    /** The BuildKit secret id of the private index's password. */
    static final String INDEX_SECRET = "index_password";
    /** uv's name for the private index (its credentials come from UV_INDEX_PRIVATE_USERNAME/_PASSWORD). */
    private static final String INDEX_NAME = "private";

    private BuildDockerfile() {
    }

    /**
     * @param spec          the environment (python version, GPU flag, container, pip lines, wheels)
     * @param config        base images and uv image
     * @param applianceWheel file name of the appliance's flotilla wheel (in {@code appliance/} of the context)
     * @param index         private index or null; its password is never written here
     */
    static String render(EnvironmentSpec spec, AwsBuildConfig config, String applianceWheel, @Nullable PackageIndex index) {
        String base = spec.container() != null ? spec.container()
                : (spec.gpu() ? config.getGpuBaseImage() : config.getBaseImage()).replace("{python}", spec.python());
        String venv = PYTHON.substring(0, PYTHON.indexOf("/bin/"));
        List<String> lines = new ArrayList<>();
        lines.add("# syntax=docker/dockerfile:1");
        lines.add("# Flotilla software environment (generated; python " + spec.python() + ", " + spec.architecture()
                + (spec.gpu() ? ", GPU" : "") + ")");
        lines.add("FROM " + config.getUvImage() + " AS uv");
        lines.add("FROM " + base);
        lines.add("COPY --from=uv /uv /usr/local/bin/uv");
        lines.add("ENV UV_PYTHON_INSTALL_DIR=/opt/flotilla/python UV_LINK_MODE=copy UV_NO_CACHE=1");
        lines.add("RUN uv venv --python " + spec.python() + (spec.container() != null ? " --system-site-packages" : "")
                + " " + venv);
        lines.add("COPY requirements.txt /opt/flotilla/requirements.txt");
        lines.add("COPY wheels/ /opt/flotilla/wheels/");
        lines.add("COPY appliance/ /opt/flotilla/appliance/");
        StringBuilder install = new StringBuilder("RUN ");
        if (index != null && index.password() != null) {
            install.append("--mount=type=secret,id=").append(INDEX_SECRET).append(",required=true \\\n    ")
                    .append("UV_INDEX_").append(INDEX_NAME.toUpperCase(java.util.Locale.ROOT))
                    .append("_PASSWORD=\"$(cat /run/secrets/").append(INDEX_SECRET).append(")\" \\\n    ");
        }
        if (index != null) {
            install.append("UV_INDEX=").append(shellQuote(INDEX_NAME + "=" + index.url())).append(" \\\n    ");
            if (index.username() != null) {
                install.append("UV_INDEX_").append(INDEX_NAME.toUpperCase(java.util.Locale.ROOT)).append("_USERNAME=")
                        .append(shellQuote(index.username())).append(" \\\n    ");
            }
        }
        install.append("uv pip install --python ").append(PYTHON).append(" -r /opt/flotilla/requirements.txt");
        for (WheelRef wheel : spec.wheels()) {
            install.append(" \\\n    /opt/flotilla/wheels/").append(wheel.filename());
        }
        lines.add(install.toString());
        lines.add("RUN uv pip install --python " + PYTHON + " --no-deps --no-index /opt/flotilla/appliance/" + applianceWheel);
        lines.add("ENV PATH=" + venv + "/bin:$PATH");
        return String.join("\n", lines) + "\n";
    }

    /**
     * requirements.txt of the image: the spec's lines, then the appliance's pins the spec does not name, then the
     * flotilla wheel's {@code aws} extra (log shipping) unless named.
     */
    static String requirements(EnvironmentSpec spec, ApplianceRuntime runtime) {
        List<String> lines = new ArrayList<>(spec.pip());
        lines.addAll(runtime.pinsNotNamedIn(spec.pip()));
        lines.addAll(runtime.awsExtraNotNamedIn(spec.pip()));
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** Single-quoted for sh; values are checked beforehand to hold no quote or newline. */
    private static String shellQuote(String value) {
        return "'" + value + "'";
    }
}
