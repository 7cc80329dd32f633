package io.flotilla.provider;

import io.flotilla.cluster.Cluster;

import java.util.List;

/**
 * A provider whose instances run in one of several cloud accounts (AWS accounts, GCP projects): one
 * {@link ComputeProvider} per account, chosen by the cluster's account.
 */
public interface AccountScopedProviders {
    /** The provider id the clusters carry, e.g. {@code aws}. */
    String providerId();

    /** What the providers of every account can do (the same for all of them). */
    ProviderCapabilities capabilities();

    /** The provider bound to the cluster's account; ServiceException when the account is gone or unusable. */
    ComputeProvider forCluster(Cluster cluster);

    /** One provider per account in use (for the orphan sweeper). */
    List<ComputeProvider> all();
}
