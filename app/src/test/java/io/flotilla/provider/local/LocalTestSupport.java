package io.flotilla.provider.local;

import io.flotilla.provider.ObservedInstance;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds local providers over a test data directory and reads what they leave on disk. */
final class LocalTestSupport {
    private static final Duration LOG_WAIT = Duration.ofSeconds(15);

    LocalComputeProvider provider(Path dataDir, FakeAgentRuntime.Mode mode, Duration grace) {
        LocalProviderConfig config = new LocalProviderConfig();
        config.setTerminateGrace(grace);
        return new LocalComputeProvider(new LocalInstancePaths(dataDir), config,
                new FakeAgentRuntime(dataDir.resolve("runtime"), mode), LocalIsolation.forThisProcess(config, dataDir),
                Clock.systemUTC(), ObjectMapper.getDefault());
    }

    LocalInstanceRegistry registry(Path dataDir) {
        return new LocalInstanceRegistry(new LocalInstancePaths(dataDir), ObjectMapper.getDefault());
    }

    LocalInstanceRecord record(Path dataDir, String instanceId) {
        return registry(dataDir).find(instanceId).orElseThrow();
    }

    Path agentLog(Path dataDir, String instanceId) {
        return new LocalInstancePaths(dataDir).agentLog(instanceId).orElseThrow();
    }

    Path recordFile(Path dataDir, String instanceId) {
        return new LocalInstancePaths(dataDir).recordFile(instanceId).orElseThrow();
    }

    /** Waits until the instance's agent.log has a line starting with {@code prefix} and returns it. */
    String awaitLogLine(Path dataDir, String instanceId, String prefix) throws IOException, InterruptedException {
        Path log = agentLog(dataDir, instanceId);
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + log + " within " + LOG_WAIT);
    }

    /** Kills whatever a test left running, so no process outlives the test. */
    void stopEverything(Path dataDir) {
        LocalComputeProvider provider = provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofMillis(200));
        provider.terminate(provider.list(Map.of()).stream().map(ObservedInstance::instanceId).toList());
    }
}
