package io.flotilla.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Boots one played "VM" for the VM players (EC2's and Compute Engine's): {@code unshare} gives it its own mount and
 * PID namespaces, where {@code vm/boot-vm.sh} makes a scratch root (overlays over /etc, /opt, /var/lib and /root, a
 * fresh /run, its own /tmp, the shared directories kept) and runs the instance's boot script as root with the
 * {@code vm/systemctl} shim first on PATH. Needs root.
 */
public final class VmBoot {
    private static final List<String> UNSHARE = List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc");

    private VmBoot() {
    }

    /**
     * Writes the VM's directory and starts it; its console goes to {@code dir/console.log}.
     *
     * @param bootScript  what the cloud runs at boot (EC2 user-data, GCE startup-script)
     * @param machineEnv  what the VM's metadata service would give its processes
     * @param shared      directories of the machine that stay visible inside the VM (it gets its own /tmp)
     */
    public static Process start(Path dir, String bootScript, Map<String, String> machineEnv, List<Path> shared)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("user-data"), bootScript);
        StringBuilder machine = new StringBuilder();
        machineEnv.forEach((k, v) -> machine.append(k).append('=').append(v).append('\n'));
        Files.writeString(dir.resolve("machine.env"), machine);
        copyResource("vm/systemctl", dir.resolve("systemctl"));
        copyResource("vm/boot-vm.sh", dir.resolve("boot-vm.sh"));
        Files.write(dir.resolve("shared-dirs"), shared.stream().map(p -> p.toAbsolutePath().toString()).toList());
        List<String> command = new ArrayList<>(UNSHARE);
        command.addAll(List.of("/bin/bash", dir.resolve("boot-vm.sh").toString(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
        return builder.start();
    }

    /** A VM's console output so far (boot, boot script, install script, the agent's unit), or empty. */
    public static String console(Path dir) throws IOException {
        Path log = dir.resolve("console.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Fails with a sentence when VMs cannot be played here (no unshare, not root). */
    public static void requireNamespaces(String player) {
        try {
            List<String> probe = new ArrayList<>(UNSHARE);
            probe.add("/bin/true");
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("The " + player + " boots each instance in a scratch root made with unshare(1)"
                        + " (util-linux) and overlay mounts, which needs root (CAP_SYS_ADMIN); here it failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("The " + player + " needs unshare(1) (util-linux) on PATH: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills a VM: its whole process tree. */
    public static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Copies a test resource (e.g. {@code vm/boot-vm.sh}) to a file. */
    public static void copyResource(String name, Path target) throws IOException {
        try (var in = VmBoot.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
