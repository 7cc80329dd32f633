package io.flotilla.logs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Where an instance's agent ships its Dask logs, part of its bootstrap response. The fields' meaning
 * depends on {@code kind}:
 * <ul>
 *   <li>{@value #CLOUDWATCH}: a CloudWatch Logs group and stream in a region; {@code labels} is null.</li>
 *   <li>{@value #CLOUD_LOGGING}: Google Cloud Logging. {@code group} is the full log name
 *       ({@code projects/<project>/logs/flotilla-<workspace>}, the log id URL-encoded), {@code stream} the
 *       instance's name (also its {@code flotilla-instance} label, and the {@code node_id} of its
 *       {@code generic_node} resource), {@code region} the project id the entries are written to,
 *       {@code endpointUrl} a gRPC {@code host:port} spoken in plaintext instead of
 *       {@code logging.googleapis.com} (tests only), and {@code labels} the labels every entry carries
 *       ({@code flotilla-cluster}, {@code flotilla-role}, {@code flotilla-instance}), by which the appliance
 *       reads them back.</li>
 * </ul>
 *
 * @param kind        the log service, e.g. {@value #CLOUDWATCH}
 * @param group       the log group (CloudWatch: {@code /flotilla/<workspace>}; Cloud Logging: the log name)
 * @param stream      the instance's own stream (CloudWatch: {@code <cluster id>/<instance name>}; Cloud Logging:
 *                    the instance name)
 * @param region      the cloud region of the group (Cloud Logging: the project id)
 * @param endpointUrl an endpoint replacing the service's public one (tests, private endpoints), or null
 * @param labels      labels to put on every entry (Cloud Logging), or null
 */
@Serdeable
public record AgentLogSettings(String kind, String group, String stream, String region, @Nullable String endpointUrl,
                               @Nullable Map<String, String> labels) {
    /** Kind of settings for CloudWatch Logs. */
    public static final String CLOUDWATCH = "cloudwatch";
    /** Kind of settings for Google Cloud Logging. */
    public static final String CLOUD_LOGGING = "cloud_logging";

    /** Settings without labels (CloudWatch). */
    public AgentLogSettings(String kind, String group, String stream, String region, @Nullable String endpointUrl) {
        this(kind, group, stream, region, endpointUrl, null);
    }
}
