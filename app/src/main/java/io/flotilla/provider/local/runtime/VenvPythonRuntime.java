package io.flotilla.provider.local.runtime;

import io.flotilla.config.FlotillaConfig;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.local.LocalPythonRuntime;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local runtime as a virtual environment the appliance builds itself, once per bundle:
 * {@code <data-dir>/runtime/<hash>/venv} (see {@link RuntimeBundle#hash}), built by {@link VenvBuilder} while
 * holding a lock on {@code <data-dir>/runtime/<hash>.lock} (threads and appliance replicas sharing the data
 * directory never build at once), with the build's output in {@code build.log} and a {@code ready} marker
 * written last. A ready environment is reused; a failed one is removed by the next try. The build starts in the
 * background at startup; {@link #python()} waits for it. With {@code flotilla.local.python} set, that
 * interpreter is used as-is and nothing is built.
 */
@Singleton
public class VenvPythonRuntime implements LocalPythonRuntime {
    static final String READY = "ready";
    static final String BUILD_LOG = "build.log";
    private static final int LOG_TAIL_LINES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(VenvPythonRuntime.class);
    /** One build at a time per lock file inside this JVM; the file lock alone would throw for a second thread. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final LocalRuntimeConfig config;
    private final Path runtimeRoot;
    private volatile Path ready;
    private volatile BuildCommands building;
    private final AtomicInteger builds = new AtomicInteger();

    @Inject
    public VenvPythonRuntime(LocalRuntimeConfig config, FlotillaConfig flotilla) {
        this(config, flotilla.getDataDir());
    }

    VenvPythonRuntime(LocalRuntimeConfig config, Path dataDir) {
        this.config = config;
        this.runtimeRoot = dataDir.toAbsolutePath().normalize().resolve("runtime");
    }

    /** The interpreter: the configured one, or the environment's, built first if need be (blocks meanwhile). */
    @Override
    public Path python() {
        if (config.getPython() != null) {
            return Executables.find(config.getPython()).orElse(Path.of(config.getPython()));
        }
        Path python = ready;
        return python != null && Files.isExecutable(python) ? python : buildOrReuse();
    }

    /** Starts building in the background so that the first cluster need not wait for it. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (config.getPython() != null) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                LOG.info("Local Python runtime ready: {}", python());
            } catch (ServiceException e) {
                LOG.warn("The local Python runtime could not be built; the next local launch tries again. {}",
                        e.getMessage());
            }
        }, "flotilla-local-runtime-build");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends a build in progress (its pip or uv process) when the appliance stops. */
    @PreDestroy
    void stop() {
        BuildCommands commands = building;
        if (commands != null) {
            commands.cancel();
        }
    }

    /** How many builds this runtime ran (reusing a ready environment is none). */
    int builds() {
        return builds.get();
    }

    /** The directory the current bundle's environment lives in. */
    Path runtimeDir() {
        return runtimeRoot.resolve(bundle().hash(config.getPythonForVenv()));
    }

    private Path buildOrReuse() {
        RuntimeBundle bundle = bundle();
        Path dir = runtimeRoot.resolve(bundle.hash(config.getPythonForVenv()));
        Path lockFile = runtimeRoot.resolve(dir.getFileName() + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(runtimeRoot);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Path python = reusable(dir);
                if (python == null) {
                    python = build(dir, bundle);
                }
                ready = python;
                return python;
            }
        } catch (IOException e) {
            throw failed(dir, "cannot prepare " + dir + ": " + e.getMessage());
        } finally {
            jvmLock.unlock();
        }
    }

    @Nullable
    private static Path reusable(Path dir) {
        Path python = dir.resolve(VenvBuilder.VENV).resolve("bin").resolve("python");
        return Files.isRegularFile(dir.resolve(READY)) && Files.isExecutable(python) ? python : null;
    }

    private Path build(Path dir, RuntimeBundle bundle) throws IOException {
        RuntimeFiles.deleteTree(dir);
        Files.createDirectories(dir);
        Path uv = Executables.find("uv").orElse(null);
        VenvBuilder builder = new VenvBuilder(config.getPythonForVenv(), uv, config.getPipIndexUrl(),
                config.getBuildTimeout());
        BuildCommands commands = builder.commands(dir, dir.resolve(BUILD_LOG));
        LOG.info("Building the local Python runtime in {} (with {})", dir, uv != null ? "uv" : "venv and pip");
        long started = System.nanoTime();
        builds.incrementAndGet();
        building = commands;
        try {
            Path python = builder.build(dir, bundle, commands);
            RuntimeFiles.openToGroup(dir);
            Files.writeString(dir.resolve(READY), bundle.wheelName() + System.lineSeparator());
            LOG.info("Built the local Python runtime in {} s", (System.nanoTime() - started) / 1_000_000_000L);
            return python;
        } catch (RuntimeBuildException e) {
            throw failed(dir, e.getMessage());
        } finally {
            building = null;
        }
    }

    private RuntimeBundle bundle() {
        try {
            return RuntimeBundle.load(VenvPythonRuntime.class.getClassLoader(), config.getRequirementsOverride());
        } catch (RuntimeBuildException e) {
            throw failed(null, e.getMessage());
        }
    }

    /** The failure callers see; {@code dir} is the runtime directory whose build log to quote, if any. */
    private static ServiceException failed(@Nullable Path dir, String reason) {
        String message = "The local Python runtime could not be built (" + reason + ").";
        if (dir == null) {
            return new ServiceException(ServiceException.Kind.UNAVAILABLE, "local_runtime_build_failed", message,
                    Map.of());
        }
        Path log = dir.resolve(BUILD_LOG);
        String tail = RuntimeFiles.tail(log, LOG_TAIL_LINES);
        return new ServiceException(ServiceException.Kind.UNAVAILABLE, "local_runtime_build_failed",
                message + (tail.isEmpty() ? "" : " Last lines of " + log + ":\n" + tail),
                Map.of("buildLog", log.toString()));
    }
}
