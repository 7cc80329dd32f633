package io.flotilla.provider.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Test double for EC2 refusing to delete a security group that a (terminating) instance's network interface
 * still uses, which moto does not do: while armed, DeleteSecurityGroup becomes a dry run (nothing is deleted)
 * answered with EC2's {@code DependencyViolation} error.
 */
public class DependencyViolations implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> REFUSED = new ExecutionAttribute<>("flotilla.dependencyViolation");
    private volatile boolean armed;

    /** Whether deletes are refused from now on. */
    public void refuseDeletes(boolean refuse) {
        armed = refuse;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (armed && context.request() instanceof DeleteSecurityGroupRequest delete) {
            attributes.putAttribute(REFUSED, true);
            return delete.toBuilder().dryRun(true).build();
        }
        return context.request();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return refused(attributes) ? context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request").build()
                : context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!refused(attributes)) {
            return context.responseBody();
        }
        String xml = "<Response><Errors><Error><Code>DependencyViolation</Code><Message>resource has a dependent object"
                + "</Message></Error></Errors><RequestID>dependency-violation</RequestID></Response>";
        return Optional.of(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean refused(ExecutionAttributes attributes) {
        return Boolean.TRUE.equals(attributes.getAttribute(REFUSED));
    }
}
