package io.flotilla.provider.aws;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Test-only fault injection for AWS: the appliance process dies like {@code kill -9} (Runtime.halt) right
 * after AWS answered the named operation ({@code flotilla.test.crash-after-aws}, e.g. {@code CreateFleet}),
 * before the caller could checkpoint anything. Only active in the crash tests' appliance processes.
 */
@Singleton
@Requires(property = "flotilla.test.crash-after-aws")
public class AwsCrashInjector implements ExecutionInterceptor {
    private final String operation;

    public AwsCrashInjector(@Property(name = "flotilla.test.crash-after-aws") String operation) {
        this.operation = operation;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            System.out.println("CRASH-INJECTED after " + operation + " returned");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
