package io.flotilla.provider.gcp.faults;

import io.flotilla.provider.gcp.GcpCallListener;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Test-only fault injection for GCP: the appliance process dies like {@code kill -9} (Runtime.halt) right after
 * Compute Engine answered the named call ({@code flotilla.test.crash-after-gcp}, the client's method name such as
 * {@code google.cloud.compute.v1.Instances/Insert}), before the caller could checkpoint anything. A listener sees a
 * call before it is sent, so the halt comes at the next call of the thread that sent the named one: the Google client
 * is synchronous, so that thread had the answer (for an insert: the accepted Operation) and is now polling the
 * Operation or reading the new instance. Only active in the crash tests' appliance processes.
 */
@Singleton
@Requires(property = "flotilla.test.crash-after-gcp")
public class GcpCrashInjector implements GcpCallListener {
    private final String method;
    private volatile Thread armed;

    public GcpCrashInjector(@Property(name = "flotilla.test.crash-after-gcp") String method) {
        this.method = method;
    }

    @Override
    public void onCall(String httpMethod, String path, String rpcMethod) {
        if (armed == Thread.currentThread()) {
            System.out.println("CRASH-INJECTED after " + method + " returned, before " + httpMethod + " " + path);
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
        if (method.equals(rpcMethod) && armed == null) {
            armed = Thread.currentThread();
        }
    }
}
