package io.flotilla.provider.aws;

import io.flotilla.cluster.Cluster;

import java.util.List;

/** Finds the AWS account (region, credentials, network) of a cluster, and lists every account in use. */
public interface AwsAccounts {
    /** The account the cluster's instances run in; ServiceException when it is gone or unusable. */
    AwsAccountContext forCluster(Cluster cluster);

    /** Every AWS account this appliance launches into (the default one when configured, and each registered one). */
    List<AwsAccountContext> all();
}
