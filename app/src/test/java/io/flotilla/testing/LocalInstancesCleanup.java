package io.flotilla.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After a test class whose appliance ran in the test JVM ({@link AppTestProperties}), kills whatever local-instance
 * processes it left under its data directory. Local clusters outlive their appliance on purpose (as VMs do), so
 * closing the application context does not end them; an agent still waiting for its bootstrap would otherwise keep
 * retrying for minutes after the suite. Registered on {@link AppTestProperties}, so its {@code afterAll} runs after
 * Micronaut's has closed the context.
 */
public final class LocalInstancesCleanup implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        context.getTestInstance().filter(AppTestProperties.class::isInstance).map(AppTestProperties.class::cast)
                .map(AppTestProperties::dataDir).ifPresent(LocalProcesses::killUnder);
    }
}
