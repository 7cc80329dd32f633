package io.flotilla.provider.aws.iam;

/** The IAM policy document an {@link AwsPermission} belongs to. */
public enum PolicyKind {
    /** Used once, with the customer's own credentials, to create the network and the worker role. */
    SETUP,
    /** Attached to the role the appliance assumes for everyday work: clusters, logs, images. */
    ONGOING,
    /** Inline policy of the role the cluster instances run as: log writes only. */
    WORKER_ROLE
}
