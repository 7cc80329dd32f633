package io.flotilla.provider.aws.imagebuild;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Test-only: with {@code flotilla.test.codebuild-faults=true} a whole test appliance's AWS clients carry
 * {@link CodeBuildFaults} (injectable, to fail the following builds) and {@link MotoNoSourceLocation}.
 */
@Factory
@Requires(property = CodeBuildFaultsFactory.PROPERTY, value = "true")
public class CodeBuildFaultsFactory {
    public static final String PROPERTY = "flotilla.test.codebuild-faults";

    @Singleton
    @Bean(typed = {ExecutionInterceptor.class, CodeBuildFaults.class})
    CodeBuildFaults codeBuildFaults() {
        return new CodeBuildFaults();
    }

    @Singleton
    @Bean(typed = {ExecutionInterceptor.class, MotoNoSourceLocation.class})
    MotoNoSourceLocation motoNoSourceLocation() {
        return new MotoNoSourceLocation();
    }
}
