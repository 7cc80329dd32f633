package io.flotilla.provider.gcp.e2e;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GceStartupScript;
import io.flotilla.testing.VmBoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private final List<Path> sharedDirectories = new java.util.concurrent.CopyOnWriteArrayList<>();
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
    /** Keeps this directory of the machine visible inside every VM (which gets its own /tmp). Before {@link #start}. */
    GceVmPlayer shareDirectory(Path directory) {
        sharedDirectories.add(directory);
        return this;
    }

    GceVmPlayer start(FakeComputeEngine fake) {
        VmBoot.requireNamespaces("GCE VM player");
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
        return VmBoot.console(root.resolve(instanceName));
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
            Map<String, String> machine = new java.util.LinkedHashMap<>();
            machine.put("GCE_METADATA_HOST", server.host());
            machine.putAll(instanceEnv);
            running.put(name, VmBoot.start(root.resolve(name), script, machine, sharedDirectories));
            LOG.info("GCE VM player booted {} ({}) at {}", name, instance.getLabelsMap().get("flotilla-role"),
                    instance.getNetworkInterfaces(0).getNetworkIP());
        } catch (IOException e) {
            problem("could not boot " + name + ": " + e.getMessage());
        }
    }

    private void stop(String name) {
        VmBoot.kill(running.get(name));
        GceMetadataServer server = metadata.get(name);
        if (server != null) {
            server.close();
        }
    }

    private void problem(String text) {
        problems.add(text);
        LOG.warn("GCE VM player: {}", text);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        running.values().forEach(VmBoot::kill);
        metadata.values().forEach(GceMetadataServer::close);
    }
}
