package io.flotilla.provider.local;

import io.micronaut.core.annotation.Nullable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts an instance's agent as a detached process group: {@code setsid <python> -m flotilla.agent}, in its
 * own session (a cluster keeps running when the appliance JVM dies, as a VM would), stdin from
 * {@code /dev/null}, stdout and stderr appended to {@code agent.log}. The environment is built from scratch:
 * the appliance's own secrets (database password, Vault token) never reach an instance. With an
 * {@link InstanceIdentity}, {@code setsid setpriv --reuid --regid --clear-groups --no-new-privs <python> ...}: setsid and
 * setpriv each replace themselves with the next program, so the pid Java sees is still the agent's, the group
 * leader; {@code HOME} and {@code TMPDIR} are then the instance's own directory (its uid has no home, and a shared
 * /tmp would mix clusters' scratch files).
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

    static Started start(Path python, Path workDir, Map<String, String> instanceEnv,
                         @Nullable InstanceIdentity identity) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        if (identity != null) {
            command.addAll(identity.setprivPrefix());
        }
        command.addAll(List.of(python.toString(), "-m", "flotilla.agent"));
        ProcessBuilder builder = new ProcessBuilder(command)
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
        if (identity != null) {
            env.put("HOME", workDir.toString());
            env.put("TMPDIR", workDir.toString());
            env.put("USER", identity.userName());
            env.put("LOGNAME", identity.userName());
        }
        env.putAll(instanceEnv);
        Process process = builder.start();
        Instant start = process.toHandle().info().startInstant()
                .orElseThrow(() -> new IOException("the OS does not report the start time of pid " + process.pid()));
        return new Started(process.pid(), start);
    }
}
