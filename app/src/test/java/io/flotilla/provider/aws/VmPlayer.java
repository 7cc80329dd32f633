package io.flotilla.provider.aws;

import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.VmBoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the virtual machines moto never boots, through the real boot path. It watches the appliance's instances in
 * moto; for each new running one it reads the user-data from the EC2 API (as a VM receives it) and boots a "VM":
 * {@code unshare} gives it its own mount and PID namespaces, where {@code vm/boot-vm.sh} makes a scratch root
 * (overlays over /etc, /opt, /var/lib and /root, a fresh /run, its own /tmp) and runs the user-data as root with a
 * {@code systemctl} shim first on PATH ({@code vm/systemctl}) that starts a unit the way its unit file says. On a
 * stock image the user-data fetches install.sh from the appliance, which installs and starts the agent; a
 * {@link #bakedImage() baked} VM first gets what the Packer worker build gives its image (the unit from
 * {@code packer/files}, install.sh run with {@code --from … --no-start}) and its user-data only starts the unit.
 * When EC2 says the instance is shutting down or terminated, the VM (its whole PID namespace) is killed. Each moto
 * instance has its own private address: subnets in 127.64.0.0/16 make them loopback addresses here, so schedulers
 * listen on their instance's address and Dask's standard ports as on a VM. Needs root (tests run as root).
 */
public final class VmPlayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmPlayer.class);
    private final Ec2Client ec2;
    private final String applianceId;
    private final Path root;
    private final Map<String, String> instanceEnv;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> userData = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private volatile boolean baked;
    private final List<Path> sharedDirectories = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vm-player");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param ec2         EC2 (moto) as seen by the "VMs"
     * @param applianceId instances carrying this appliance tag are played
     * @param root        where each VM's directory (scratch layers, console log) goes
     * @param instanceEnv what each VM's metadata service would give its processes, e.g. the instance role's credentials
     */
    public VmPlayer(Ec2Client ec2, String applianceId, Path root, Map<String, String> instanceEnv) {
        this.ec2 = ec2;
        this.applianceId = applianceId;
        this.root = root;
        this.instanceEnv = Map.copyOf(instanceEnv);
    }

    /** VMs boot a baked worker image (packer/worker), made from the test wheelhouse; call before {@link #start()}. */
    public VmPlayer bakedImage() {
        this.baked = true;
        return this;
    }

    /** Starts watching, four times a second; fails at once, saying why, where VMs cannot be played. */
    /**
     * Keeps this directory of the machine visible inside every VM at the same path, although VMs get their own
     * /tmp (a test's fake tools and their logs live in its temporary directory). Before {@link #start()}.
     */
    public VmPlayer shareDirectory(Path directory) {
        sharedDirectories.add(directory.toAbsolutePath());
        return this;
    }

    public VmPlayer start() {
        VmBoot.requireNamespaces("VM player");
        poller.scheduleWithFixedDelay(this::poll, 0, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The decoded user-data of every instance played so far, by instance id. */
    public Map<String, String> userData() {
        return Map.copyOf(userData);
    }

    /** Ids of the instances whose VM is alive. */
    public List<String> alive() {
        return running.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).sorted().toList();
    }

    /** What went wrong while playing (unreadable user-data, VMs that could not start or ended). */
    public synchronized List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        running.forEach((id, vm) -> {
            if (!vm.isAlive() && vm.exitValue() != 0 && vm.exitValue() != 137) {
                all.add("VM " + id + " ended with exit code " + vm.exitValue() + " (see its console)");
            }
        });
        return all;
    }

    /** The console output of one VM (boot, user-data, install script, the agent's unit). */
    public String console(String instanceId) throws IOException {
        return VmBoot.console(root.resolve(instanceId));
    }

    private void poll() {
        try {
            for (Instance instance : ec2.describeInstancesPaginator(b -> b.filters(
                    Filter.builder().name("tag:" + ResourceTags.APPLIANCE).values(applianceId).build())).reservations()
                    .stream().flatMap(r -> r.instances().stream()).toList()) {
                InstanceStateName state = instance.state().name();
                if (state == InstanceStateName.RUNNING || state == InstanceStateName.PENDING) {
                    if (seen.add(instance.instanceId())) {
                        boot(instance);
                    }
                } else if (running.containsKey(instance.instanceId())) {
                    VmBoot.kill(running.get(instance.instanceId()));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("VM player poll failed (will retry): {}", e.toString());
        }
    }

    private void boot(Instance instance) {
        String id = instance.instanceId();
        String encoded = ec2.describeInstanceAttribute(b -> b.instanceId(id).attribute("userData")).userData().value();
        if (encoded == null) {
            problem("instance " + id + " has no user-data");
            return;
        }
        String script = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        userData.put(id, script);
        try {
            Path dir = Files.createDirectories(root.resolve(id));
            if (baked) {
                BakedImage.prepare(dir.resolve("image"));
            }
            Map<String, String> machine = new java.util.LinkedHashMap<>();
            machine.put("AWS_EC2_METADATA_DISABLED", "true");
            machine.putAll(instanceEnv);
            running.put(id, VmBoot.start(dir, script, machine, sharedDirectories));
            LOG.info("VM player booted {} ({}) at {}", id, tag(instance, ResourceTags.ROLE), instance.privateIpAddress());
        } catch (IOException e) {
            problem("could not boot " + id + ": " + e.getMessage());
        }
    }

    private static String tag(Instance instance, String key) {
        return instance.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse("?");
    }

    private synchronized void problem(String text) {
        problems.add(text);
        LOG.warn("VM player: {}", text);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        running.values().forEach(VmBoot::kill);
    }
}
