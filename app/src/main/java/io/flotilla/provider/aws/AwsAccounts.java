package io.flotilla.provider.aws;

import io.flotilla.cluster.Cluster;
import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.UUID;

/** Finds the AWS account (region, credentials, network) of a cluster, and lists every account in use. */
public interface AwsAccounts {
    /** The account the cluster's instances run in; ServiceException when it is gone or unusable. */
    AwsAccountContext forCluster(Cluster cluster);

    /**
     * A registered AWS cloud account by id, or the default one ({@code flotilla.aws.*}) for null (e.g. a software
     * environment build of a workspace without a bound account); ServiceException when it is gone or unusable.
     */
    default AwsAccountContext forAccount(@Nullable UUID cloudAccountId) {
        String key = cloudAccountId == null ? AwsAccountContext.DEFAULT_KEY : cloudAccountId.toString();
        return all().stream().filter(account -> account.key().equals(key)).findFirst()
                .orElseThrow(() -> ServiceException.unavailable("cloud_account_missing",
                        "The AWS account " + key + " is not configured on this appliance.", null));
    }

    /** Every AWS account this appliance launches into (the default one when configured, and each registered one). */
    List<AwsAccountContext> all();
}
