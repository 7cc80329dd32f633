package io.flotilla.cluster.crash;

import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderCapabilities;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test-only fault injection: wraps every compute provider so that the appliance process dies like
 * {@code kill -9} (Runtime.halt: no shutdown hooks, no cleanup) at the configured point
 * ({@code flotilla.test.crash-at}: {@code before-launch:scheduler}, {@code after-launch:worker},
 * {@code before-terminate}, ...). Only active in the crash tests' appliance processes.
 */
@Singleton
@Requires(property = "flotilla.test.crash-at")
class CrashInjector implements BeanCreatedEventListener<ComputeProvider> {
    private final String crashAt;

    CrashInjector(@Property(name = "flotilla.test.crash-at") String crashAt) {
        this.crashAt = crashAt;
    }

    @Override
    public ComputeProvider onCreated(BeanCreatedEvent<ComputeProvider> event) {
        ComputeProvider real = event.getBean();
        return new ComputeProvider() {
            @Override
            public String id() {
                return real.id();
            }

            @Override
            public ProviderCapabilities capabilities() {
                return real.capabilities();
            }

            @Override
            public String accountName() {
                return real.accountName();
            }

            @Override
            public LaunchedInstance launch(LaunchRequest request, CloudMutations mutations) {
                String role = request.role().name().toLowerCase(Locale.ROOT);
                crashIf("before-launch:" + role);
                LaunchedInstance launched = real.launch(request, mutations);
                crashIf("after-launch:" + role);
                return launched;
            }

            @Override
            public void terminate(Collection<String> instanceIds, CloudMutations mutations) {
                crashIf("before-terminate");
                real.terminate(instanceIds, mutations);
            }

            @Override
            public java.util.Optional<io.flotilla.provider.ClusterResourceCleanup> cleanup() {
                return real.cleanup();
            }

            @Override
            public java.util.Optional<io.flotilla.provider.LeftoverResources> leftovers() {
                return real.leftovers();
            }

            @Override
            public java.util.Optional<io.flotilla.provider.InterruptionReasons> interruptions() {
                return real.interruptions();
            }

            @Override
            public List<ObservedInstance> list(Map<String, String> tagFilter) {
                return real.list(tagFilter);
            }
        };
    }

    private void crashIf(String point) {
        if (point.equals(crashAt)) {
            System.out.println("CRASH-INJECTED at " + point);
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
