package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a provider reports every change it makes in the cloud or on the machine, right after the call that made
 * it succeeded (providers never touch the database: the engine turns the reports into audit entries). A call that
 * changed nothing (an idempotent repeat that found the resource) reports nothing.
 */
@FunctionalInterface
public interface CloudMutations {
    /** For callers that audit nothing themselves, e.g. a test of a provider alone. */
    CloudMutations UNRECORDED = mutation -> { };

    void report(CloudMutation mutation);

    /** Reports one mutation of the given resources. */
    default void report(String resourceType, String operation, @Nullable String detail, List<String> resourceIds) {
        report(new CloudMutation(resourceType, operation, resourceIds, detail));
    }

    /** Reports one mutation of one resource. */
    default void report(String resourceType, String operation, @Nullable String detail, String resourceId) {
        report(resourceType, operation, detail, List.of(resourceId));
    }

    /** A sink that keeps the reports in order, for the engine to write once the provider call returns. */
    static Recorder recorder() {
        return new Recorder();
    }

    /** Keeps the reported mutations in order. Thread-safe. */
    final class Recorder implements CloudMutations {
        private final List<CloudMutation> reported = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void report(CloudMutation mutation) {
            reported.add(mutation);
        }

        /** What was reported so far. */
        public List<CloudMutation> reported() {
            synchronized (reported) {
                return List.copyOf(reported);
            }
        }
    }
}
