package io.flotilla.provider.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Records every AWS operation a client performed, as IAM names them ({@code ec2:CreateFleet}), attempted
 * or not. {@link #flush()} merges them into {@link #FILE} (sorted, one per line), which the permission
 * manifest's test compares with the actions the manifest grants.
 */
public class RecordingInterceptor implements ExecutionInterceptor {
    /** Operations of all test classes that used a recorder. */
    public static final Path FILE = Path.of("target", "aws-operations.txt");
    private final Set<String> operations = new ConcurrentSkipListSet<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        operations.add(service.toLowerCase(Locale.ROOT) + ":" + operation);
    }

    /** What this recorder saw, sorted. */
    public Set<String> operations() {
        return new TreeSet<>(operations);
    }

    /**
     * Adds what this recorder saw to {@link #FILE}, holding a file lock so that test JVMs running in parallel
     * (Surefire forks) do not overwrite each other's additions.
     */
    public synchronized void flush() {
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Path lockFile = FILE.resolveSibling(FILE.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Set<String> all = new TreeSet<>(operations);
                if (Files.exists(FILE)) {
                    Files.readAllLines(FILE).stream().filter(line -> !line.isBlank()).forEach(all::add);
                }
                Files.write(FILE, all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
