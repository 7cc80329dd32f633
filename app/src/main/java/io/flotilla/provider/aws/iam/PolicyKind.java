package io.flotilla.provider.aws.iam;

/** The IAM policy document an {@link AwsPermission} belongs to. */
public enum PolicyKind {
    /** Used once, with the customer's own credentials, to create the network and the worker role. */
    SETUP,
    /** Attached to the role the appliance assumes for everyday work: clusters, logs, images. */
    ONGOING,
    /**
     * Attached to the same role as {@link #ONGOING}, as a second document (one would exceed AWS's size limit of a
     * managed policy): building software environment images with CodeBuild.
     */
    IMAGE_BUILDS,
    /** Inline policy of the role the cluster instances run as: log writes and pulls of Flotilla's software environment images. */
    WORKER_ROLE
}
