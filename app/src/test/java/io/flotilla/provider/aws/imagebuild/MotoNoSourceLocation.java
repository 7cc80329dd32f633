package io.flotilla.provider.aws.imagebuild;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.codebuild.model.CreateProjectRequest;
import software.amazon.awssdk.services.codebuild.model.SourceType;

/**
 * Test-only: moto's CreateProject demands a source location even for a NO_SOURCE project (AWS does not, and the
 * builder sends none); this adds a placeholder to such requests so that moto accepts them.
 */
final class MotoNoSourceLocation implements ExecutionInterceptor {
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof CreateProjectRequest create && create.source().type() == SourceType.NO_SOURCE
                && create.source().location() == null) {
            return create.toBuilder().source(create.source().toBuilder().location("no-source").build()).build();
        }
        return context.request();
    }
}
