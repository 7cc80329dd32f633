package io.flotilla.provider.aws;

import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.PythonScript;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the virtual machines moto never boots. It watches the appliance's instances in moto; for each new
 * running one it reads the user-data from the EC2 API (as a VM receives it), takes the appliance URL, the one-time
 * token and the certificate fingerprint out of it the way the worker image's agent unit would, and runs the same bootstrap agent as
 * a local process; when EC2 says the instance is shutting down or terminated, it kills that process. Each
 * moto instance has its own private address: subnets in 127.64.0.0/16 make them loopback addresses here, so
 * schedulers listen on their instance's address and Dask's standard ports as on a VM.
 */
public final class VmPlayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmPlayer.class);
    private static final Pattern URL = Pattern.compile("(?m)^FLOTILLA_AGENT_URL=(\\S+)$");
    private static final Pattern TOKEN = Pattern.compile("(?m)^FLOTILLA_AGENT_TOKEN=(\\S+)$");
    private static final Pattern FINGERPRINT = Pattern.compile("(?m)^FLOTILLA_AGENT_FINGERPRINT=(\\S+)$");
    private final Ec2Client ec2;
    private final String applianceId;
    private final Path root;
    private final Map<String, String> instanceEnv;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> userData = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vm-player");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param ec2         EC2 (moto) as seen by the "VMs"
     * @param applianceId instances carrying this appliance tag are played
     * @param root        where each VM's work directory and console log go
     * @param instanceEnv environment of every VM's agent, e.g. the instance role's credentials
     */
    public VmPlayer(Ec2Client ec2, String applianceId, Path root, Map<String, String> instanceEnv) {
        this.ec2 = ec2;
        this.applianceId = applianceId;
        this.root = root;
        this.instanceEnv = Map.copyOf(instanceEnv);
    }

    /** Starts watching, four times a second. */
    public VmPlayer start() {
        poller.scheduleWithFixedDelay(this::poll, 0, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The decoded user-data of every instance played so far, by instance id. */
    public Map<String, String> userData() {
        return Map.copyOf(userData);
    }

    /** Ids of the instances whose agent process is alive. */
    public List<String> alive() {
        return running.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).sorted().toList();
    }

    /** What went wrong while playing (unreadable user-data, agents that could not start). */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** The console output of one VM's agent. */
    public String console(String instanceId) throws IOException {
        Path log = root.resolve(instanceId).resolve("console.log");
        return Files.exists(log) ? Files.readString(log) : "";
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
                    kill(running.get(instance.instanceId()));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("VM player poll failed (will retry): {}", e.toString());
        }
    }

    private void boot(Instance instance) {
        String id = instance.instanceId();
        String encoded = ec2.describeInstanceAttribute(b -> b.instanceId(id).attribute("userData")).userData().value();
        String script = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        userData.put(id, script);
        Matcher url = URL.matcher(script);
        Matcher token = TOKEN.matcher(script);
        if (!url.find() || !token.find()) {
            problem("instance " + id + " has user-data without the agent's URL and token");
            return;
        }
        try {
            Path dir = Files.createDirectories(root.resolve(id));
            ProcessBuilder builder = new ProcessBuilder(PythonScript.python().toString(), "-m", "flotilla.agent",
                    "--workdir", dir.resolve("agent").toString());
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            builder.environment().putAll(instanceEnv);
            builder.environment().put("FLOTILLA_AGENT_URL", url.group(1));
            builder.environment().put("FLOTILLA_AGENT_TOKEN", token.group(1));
            Matcher fingerprint = FINGERPRINT.matcher(script);
            if (fingerprint.find()) {
                builder.environment().put("FLOTILLA_AGENT_FINGERPRINT", fingerprint.group(1));
            }
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
            running.put(id, builder.start());
            LOG.info("VM player booted {} ({}) at {}", id, tag(instance, ResourceTags.ROLE), instance.privateIpAddress());
        } catch (IOException e) {
            problem("could not start the agent of " + id + ": " + e.getMessage());
        }
    }

    private static String tag(Instance instance, String key) {
        return instance.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse("?");
    }

    private synchronized void problem(String text) {
        problems.add(text);
        LOG.warn("VM player: {}", text);
    }

    private static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        running.values().forEach(VmPlayer::kill);
    }
}
