package io.flotilla.provider.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Test-only: with {@code flotilla.test.record-aws-operations=true} every AWS operation a whole test appliance
 * performs is recorded and, when the appliance stops, added to the file the permission manifest's test reads.
 */
@Factory
@Requires(property = RecordingInterceptorFactory.PROPERTY, value = "true")
public class RecordingInterceptorFactory {
    public static final String PROPERTY = "flotilla.test.record-aws-operations";

    @Singleton
    @Bean(typed = {ExecutionInterceptor.class, RecordingInterceptor.class}, preDestroy = "flush")
    RecordingInterceptor applianceRecorder() {
        return new RecordingInterceptor();
    }
}
