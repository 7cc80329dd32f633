package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import io.flotilla.error.ServiceException;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Waits for Compute Engine operations with {@code operations.wait} (which returns when the operation is DONE or
 * after up to two minutes, then is asked again) until a deadline. The caller reads the finished operation's
 * {@code error} ({@link GceFailure#of(Operation)}): the Java client does not raise for every failed operation.
 */
final class GceOperations {
    private final Supplier<ZoneOperationsClient> zoneOperations;
    private final Supplier<GlobalOperationsClient> globalOperations;
    private final String project;
    private final Duration timeout;

    GceOperations(Supplier<ZoneOperationsClient> zoneOperations, Supplier<GlobalOperationsClient> globalOperations,
                  String project, Duration timeout) {
        this.zoneOperations = zoneOperations;
        this.globalOperations = globalOperations;
        this.project = project;
        this.timeout = timeout;
    }

    /** The zone operation once DONE. */
    Operation awaitZone(Operation operation, String zone) {
        return await(operation, op -> zoneOperations.get().wait(project, zone, op.getName()));
    }

    /** The regional operation (e.g. a subnetwork's) once DONE. */
    Operation awaitRegion(Operation operation, java.util.function.Function<String, Operation> waitOnce) {
        return await(operation, op -> waitOnce.apply(op.getName()));
    }

    /** The global operation (e.g. a firewall's) once DONE. */
    Operation awaitGlobal(Operation operation) {
        return await(operation, op -> globalOperations.get().wait(project, op.getName()));
    }

    private Operation await(Operation operation, UnaryOperator<Operation> waitOnce) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Operation current = operation;
        while (current.getStatus() != Operation.Status.DONE) {
            if (System.nanoTime() > deadline) {
                throw ServiceException.unavailable("gcp_operation_timeout", "The Compute Engine operation "
                        + current.getName() + " (" + current.getOperationType() + ") did not finish within " + timeout, null);
            }
            current = waitOnce.apply(current);
        }
        return current;
    }
}
