package io.flotilla.provider.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycle;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Test double for an EC2 region without capacity in some instance types: a CreateFleet whose first pool
 * (the one moto would fill) has a failing type is turned into a dry run (so nothing starts) and answered
 * like EC2 answers an instant fleet that found no capacity: no instance, one error per failing pool.
 */
public class CapacityFaults implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> FAILED = new ExecutionAttribute<>("flotilla.capacityFault");
    private final Set<String> failingTypes = new CopyOnWriteArraySet<>();
    private final String errorCode;

    public CapacityFaults(String errorCode) {
        this.errorCode = errorCode;
    }

    /** From now on, pools of these instance types have no capacity. */
    public void fail(String... instanceTypes) {
        failingTypes.addAll(List.of(instanceTypes));
    }

    /** From now on, pools of these instance types have capacity again. */
    public void recover(String... instanceTypes) {
        failingTypes.removeAll(List.of(instanceTypes));
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof CreateFleetRequest fleet && failingTypes.contains(firstOverride(fleet).instanceTypeAsString())) {
            attributes.putAttribute(FAILED, true);
            return fleet.toBuilder().dryRun(true).build();
        }
        return context.request();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return failed(attributes) ? context.httpResponse().toBuilder().statusCode(200).statusText("OK").build()
                : context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!failed(attributes)) {
            return context.responseBody();
        }
        String xml = "<CreateFleetResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>capacity-fault</requestId><fleetId>fleet-capacityfault</fleetId></CreateFleetResponse>";
        return Optional.of(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!failed(attributes)) {
            return context.response();
        }
        CreateFleetRequest request = (CreateFleetRequest) context.request();
        FleetLaunchTemplateConfigRequest config = request.launchTemplateConfigs().get(0);
        InstanceLifecycle lifecycle = request.targetCapacitySpecification().defaultTargetCapacityType()
                == DefaultTargetCapacityType.SPOT ? InstanceLifecycle.SPOT : InstanceLifecycle.ON_DEMAND;
        List<CreateFleetError> errors = config.overrides().stream()
                .filter(pool -> failingTypes.contains(pool.instanceTypeAsString()))
                .map(pool -> CreateFleetError.builder().lifecycle(lifecycle).errorCode(errorCode)
                        .errorMessage("There is no " + lifecycle + " capacity for " + pool.instanceTypeAsString() + " (test).")
                        .launchTemplateAndOverrides(LaunchTemplateAndOverridesResponse.builder()
                                .launchTemplateSpecification(s -> s.launchTemplateId(config.launchTemplateSpecification().launchTemplateId())
                                        .version(config.launchTemplateSpecification().version()))
                                .overrides(FleetLaunchTemplateOverrides.builder().instanceType(pool.instanceTypeAsString())
                                        .subnetId(pool.subnetId()).build())
                                .build())
                        .build())
                .toList();
        return ((CreateFleetResponse) context.response()).toBuilder().errors(errors).instances(List.of()).build();
    }

    private static FleetLaunchTemplateOverridesRequest firstOverride(CreateFleetRequest request) {
        return request.launchTemplateConfigs().get(0).overrides().get(0);
    }

    private static boolean failed(ExecutionAttributes attributes) {
        return Boolean.TRUE.equals(attributes.getAttribute(FAILED));
    }
}
