package io.flotilla.provider.local.runtime;

import java.util.concurrent.TimeUnit;

/**
 * What every build command the appliance starts (the local runtime's, a software environment's) has in common: the
 * appliance's own settings and a Python environment of its parent never leak into it, and one that overruns or is
 * cancelled is killed with everything it started.
 */
public final class BuildChildProcesses {
    private BuildChildProcesses() {
    }

    /** Variables a build command never inherits: the appliance's FLOTILLA_* settings (secrets) and PYTHON*, venv, conda. */
    public static boolean neverInherited(String name) {
        return name.startsWith("FLOTILLA_") || name.startsWith("PYTHON") || name.equals("VIRTUAL_ENV")
                || name.equals("CONDA_PREFIX");
    }

    /** Kills the process and its descendants, waiting briefly for it to go. */
    public static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
