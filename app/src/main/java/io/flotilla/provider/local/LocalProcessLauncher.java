package io.flotilla.provider.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts an instance's agent as a detached process group: {@code setsid <python> -m flotilla.agent}, in its
 * own session (a cluster keeps running when the appliance JVM dies, as a VM would), stdin from
 * {@code /dev/null}, stdout and stderr appended to {@code agent.log}. The environment is built from scratch:
 * the appliance's own secrets (database password, Vault token) never reach an instance.
 */
final class LocalProcessLauncher {
    /** Variables of the appliance's environment an instance inherits; nothing else is passed on. */
    static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
            "USER", "LOGNAME");

    /** The agent's process as started: its pid (also its group and session id) and the OS's start time. */
    record Started(long pid, Instant start) {
    }

    private LocalProcessLauncher() {
    }

    static Started start(Path python, Path workDir, Map<String, String> instanceEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", python.toString(), "-m", "flotilla.agent")
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve(LocalInstancePaths.AGENT_LOG).toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        for (String name : INHERITED_ENV) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(instanceEnv);
        Process process = builder.start();
        Instant start = process.toHandle().info().startInstant()
                .orElseThrow(() -> new IOException("the OS does not report the start time of pid " + process.pid()));
        return new Started(process.pid(), start);
    }
}
