package io.flotilla.provider.gcp.e2e;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GceStartupScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the VMs the fake Compute Engine never boots, through the real boot path, as the AWS {@code VmPlayer} does
 * for moto: for each inserted instance it takes the {@code startup-script} metadata (as the guest environment
 * does) and boots a "VM" in its own mount and PID namespaces ({@code unshare}; {@code vm/boot-vm.sh} makes the
 * scratch root and runs the script as root with the {@code systemctl} shim). The script fetches install.sh from
 * the appliance, which installs and starts the agent. When the fake deletes or preempts the instance, the VM (its
 * whole PID namespace) is killed. Each VM gets a metadata server of its own ({@link GceMetadataServer}, named by
 * {@code GCE_METADATA_HOST}) whose {@code instance/preempted} {@link #announcePreemption} turns TRUE. The fake's
 * private addresses should be loopback ones ({@link FakeComputeEngine#addresses}). Needs root.
 */
final class GceVmPlayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GceVmPlayer.class);
    private static final List<String> UNSHARE = List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc");
    private final Path root;
    private final Map<String, String> instanceEnv;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, GceMetadataServer> metadata = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> metadataItems = new ConcurrentHashMap<>();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** One thread: a boot and the kill of the same instance happen in the fake's order. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gce-vm-player");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param root        where each VM's directory (scratch layers, console log) goes
     * @param instanceEnv what each VM's environment would give its processes
     */
    GceVmPlayer(Path root, Map<String, String> instanceEnv) {
        this.root = root;
        this.instanceEnv = Map.copyOf(instanceEnv);
    }

    /** Plays every instance the fake inserts from now on; fails at once, saying why, where VMs cannot be played. */
    GceVmPlayer start(FakeComputeEngine fake) {
        requireNamespaces();
        fake.onInstanceInserted(instance -> {
            Map<String, String> items = new java.util.LinkedHashMap<>();
            for (Items item : instance.getMetadata().getItemsList()) {
                items.put(item.getKey(), item.getValue());
            }
            metadataItems.put(instance.getName(), items);
            worker.execute(() -> boot(instance, items.get(GceStartupScript.METADATA_KEY)));
        });
        fake.onInstanceStopped(instance -> worker.execute(() -> stop(instance.getName())));
        return this;
    }

    /** The metadata items of every instance played so far, by instance name. */
    Map<String, Map<String, String>> metadata() {
        return Map.copyOf(metadataItems);
    }

    /** Names of the instances whose VM is alive. */
    List<String> alive() {
        return running.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).sorted().toList();
    }

    /** Compute Engine's notice to a Spot VM: its metadata server's {@code instance/preempted} turns TRUE. */
    void announcePreemption(String instanceName) {
        GceMetadataServer server = metadata.get(instanceName);
        if (server == null) {
            throw new IllegalStateException("no VM " + instanceName + " is played");
        }
        server.preempted(true);
    }

    /** What went wrong while playing (no startup script, VMs that could not start or ended on their own). */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        running.forEach((name, vm) -> {
            if (!vm.isAlive() && vm.exitValue() != 0 && vm.exitValue() != 137) {
                all.add("VM " + name + " ended with exit code " + vm.exitValue() + " (see its console)");
            }
        });
        return all;
    }

    /** The console output of one VM (boot, startup script, install script, the agent's unit). */
    String console(String instanceName) throws IOException {
        Path log = root.resolve(instanceName).resolve("console.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void boot(Instance instance, String script) {
        String name = instance.getName();
        if (script == null) {
            problem("instance " + name + " has no " + GceStartupScript.METADATA_KEY + " metadata");
            return;
        }
        try {
            GceMetadataServer server = GceMetadataServer.start();
            metadata.put(name, server);
            Path dir = Files.createDirectories(root.resolve(name));
            Files.writeString(dir.resolve("user-data"), script);
            StringBuilder machine = new StringBuilder("GCE_METADATA_HOST=" + server.host() + "\n");
            instanceEnv.forEach((k, v) -> machine.append(k).append('=').append(v).append('\n'));
            Files.writeString(dir.resolve("machine.env"), machine);
            copyResource("vm/systemctl", dir.resolve("systemctl"));
            copyResource("vm/boot-vm.sh", dir.resolve("boot-vm.sh"));
            List<String> command = new ArrayList<>(UNSHARE);
            command.addAll(List.of("/bin/bash", dir.resolve("boot-vm.sh").toString(), dir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
            running.put(name, builder.start());
            LOG.info("GCE VM player booted {} ({}) at {}", name, instance.getLabelsMap().get("flotilla-role"),
                    instance.getNetworkInterfaces(0).getNetworkIP());
        } catch (IOException e) {
            problem("could not boot " + name + ": " + e.getMessage());
        }
    }

    private void stop(String name) {
        kill(running.get(name));
        GceMetadataServer server = metadata.get(name);
        if (server != null) {
            server.close();
        }
    }

    private void requireNamespaces() {
        try {
            List<String> probe = new ArrayList<>(UNSHARE);
            probe.add("/bin/true");
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("The GCE VM player boots each instance in a scratch root made with unshare(1)"
                        + " and overlay mounts, which needs root (CAP_SYS_ADMIN); here it failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("The GCE VM player needs unshare(1) (util-linux) on PATH: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (var in = GceVmPlayer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test classpath");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void problem(String text) {
        problems.add(text);
        LOG.warn("GCE VM player: {}", text);
    }

    private static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        running.values().forEach(GceVmPlayer::kill);
        metadata.values().forEach(GceMetadataServer::close);
    }
}
