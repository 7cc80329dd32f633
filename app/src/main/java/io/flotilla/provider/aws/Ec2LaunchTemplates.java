package io.flotilla.provider.aws;

import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ResourceTags;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One EC2 launch template per cluster and role ({@code flotilla-<cluster>-<role>}, tagged like the cluster),
 * and one version of it per instance: the version carries that instance's user-data (its one-time token)
 * and tag specifications for the instance and its volumes with all its tags, so everything is tagged at
 * creation, and the cluster's security groups. The template is deleted once its cluster and role have no live
 * instance left.
 */
public class Ec2LaunchTemplates {
    private static final String ALREADY_EXISTS = "InvalidLaunchTemplateName.AlreadyExistsException";
    private final String instanceProfileArn;

    /** @param instanceProfileArn the worker role's instance profile every instance gets, or null for none */
    public Ec2LaunchTemplates(@Nullable String instanceProfileArn) {
        this.instanceProfileArn = instanceProfileArn;
    }

    /** A template id and the version to launch. */
    public record Version(String templateId, String version) {
    }

    /**
     * What one instance's version holds.
     *
     * @param securityGroupIds the cluster's own group first, then any extra groups of the appliance
     */
    public record InstanceData(String imageId, String userDataBase64, Map<String, String> instanceTags,
                               List<String> securityGroupIds) {
        public InstanceData {
            securityGroupIds = List.copyOf(securityGroupIds);
        }
    }

    /** The template's name for a cluster and role. */
    public static String name(String clusterId, String role) {
        return "flotilla-" + clusterId + "-" + role;
    }

    /**
     * Creates the cluster's template for the role if missing (or reuses it by name), then adds a version
     * with this instance's data. Reports the template's creation or the new version.
     */
    public Version forInstance(Ec2Client ec2, Map<String, String> templateTags, String role, InstanceData data,
                               CloudMutations mutations) {
        String name = name(templateTags.get(ResourceTags.CLUSTER), role);
        RequestLaunchTemplateData launchData = launchData(data);
        String templateId = find(ec2, name);
        if (templateId == null) {
            try {
                LaunchTemplate created = ec2.createLaunchTemplate(b -> b.launchTemplateName(name)
                        .versionDescription("first instance").launchTemplateData(launchData)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
                                .tags(tags(templateTags)).build())).launchTemplate();
                mutations.report("launch_template", "create", name + " version " + created.latestVersionNumber(),
                        created.launchTemplateId());
                return new Version(created.launchTemplateId(), String.valueOf(created.latestVersionNumber()));
            } catch (Ec2Exception e) {
                if (!ALREADY_EXISTS.equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
                templateId = find(ec2, name);
            }
        }
        String id = templateId;
        Long number = ec2.createLaunchTemplateVersion(b -> b.launchTemplateId(id).launchTemplateData(launchData))
                .launchTemplateVersion().versionNumber();
        mutations.report("launch_template", "create_version", name + " version " + number, id);
        return new Version(id, String.valueOf(number));
    }

    /** Ids of this appliance's templates of the cluster, by role tag value. */
    public Map<String, List<String>> ofCluster(Ec2Client ec2, String applianceId, String clusterId) {
        Map<String, List<String>> byRole = new java.util.TreeMap<>();
        ec2.describeLaunchTemplatesPaginator(b -> b.filters(
                        Filter.builder().name("tag:" + ResourceTags.APPLIANCE).values(applianceId).build(),
                        Filter.builder().name("tag:" + ResourceTags.CLUSTER).values(clusterId).build()))
                .launchTemplates().forEach(template -> {
                    String role = template.tags().stream().filter(tag -> ResourceTags.ROLE.equals(tag.key()))
                            .map(Tag::value).findFirst().orElse("");
                    byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(template.launchTemplateId());
                });
        return byRole;
    }

    /** Cluster ids of the templates carrying all the tags. */
    public Set<String> clusters(Ec2Client ec2, Map<String, String> tagFilter) {
        Set<String> clusters = new TreeSet<>();
        ec2.describeLaunchTemplatesPaginator(b -> b.filters(tagFilter.entrySet().stream()
                        .map(e -> Filter.builder().name("tag:" + e.getKey()).values(e.getValue()).build()).toList()))
                .launchTemplates().forEach(template -> template.tags().stream()
                        .filter(tag -> ResourceTags.CLUSTER.equals(tag.key())).map(Tag::value).forEach(clusters::add));
        return clusters;
    }

    /** Deletes a template (already gone is fine: nothing is reported then). */
    public void delete(Ec2Client ec2, String templateId, CloudMutations mutations) {
        try {
            ec2.deleteLaunchTemplate(b -> b.launchTemplateId(templateId));
            mutations.report("launch_template", "delete", null, templateId);
        } catch (Ec2Exception e) {
            if (!e.awsErrorDetails().errorCode().startsWith("InvalidLaunchTemplateId")) {
                throw e;
            }
        }
    }

    private static String find(Ec2Client ec2, String name) {
        return ec2.describeLaunchTemplates(b -> b.filters(Filter.builder().name("launch-template-name").values(name).build()))
                .launchTemplates().stream().map(LaunchTemplate::launchTemplateId).findFirst().orElse(null);
    }

    private RequestLaunchTemplateData launchData(InstanceData data) {
        List<Tag> tags = tags(data.instanceTags());
        RequestLaunchTemplateData.Builder builder = RequestLaunchTemplateData.builder()
                .imageId(data.imageId())
                .userData(data.userDataBase64())
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder()
                        .httpTokens(LaunchTemplateHttpTokensState.REQUIRED)
                        .httpEndpoint(LaunchTemplateInstanceMetadataEndpointState.ENABLED).build())
                .tagSpecifications(
                        LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                        LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
        if (!data.securityGroupIds().isEmpty()) {
            builder.securityGroupIds(data.securityGroupIds());
        }
        if (instanceProfileArn != null && !instanceProfileArn.isBlank()) {
            builder.iamInstanceProfile(LaunchTemplateIamInstanceProfileSpecificationRequest.builder()
                    .arn(instanceProfileArn).build());
        }
        return builder.build();
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
