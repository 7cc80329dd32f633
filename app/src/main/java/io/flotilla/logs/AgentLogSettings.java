package io.flotilla.logs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Where an instance's agent ships its Dask logs, part of its bootstrap response. The fields' meaning
 * depends on {@code kind}; for {@value #CLOUDWATCH}: a CloudWatch Logs group and stream in a region.
 *
 * @param kind        the log service, e.g. {@value #CLOUDWATCH}
 * @param group       the log group (CloudWatch: {@code /flotilla/<workspace>})
 * @param stream      the instance's own stream (CloudWatch: {@code <cluster id>/<instance name>})
 * @param region      the cloud region of the group
 * @param endpointUrl an endpoint replacing the service's public one (tests, private endpoints), or null
 */
@Serdeable
public record AgentLogSettings(String kind, String group, String stream, String region, @Nullable String endpointUrl) {
    /** Kind of settings for CloudWatch Logs. */
    public static final String CLOUDWATCH = "cloudwatch";
}
