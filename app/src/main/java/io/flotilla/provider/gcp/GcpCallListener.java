package io.flotilla.provider.gcp;

/**
 * Observes every Compute Engine call the provider makes (HTTP method and path), e.g. a test that checks the custom
 * role covers each of them ({@link GcpCallPermissions}). Register one as a bean; none in production.
 */
@FunctionalInterface
public interface GcpCallListener {
    /**
     * One call, before it is sent.
     *
     * @param httpMethod {@code GET}, {@code POST}, {@code DELETE}, …
     * @param path       the path below the endpoint, e.g. {@code /compute/v1/projects/p/zones/z/instances}
     * @param rpcMethod  the client's method name, e.g. {@code google.cloud.compute.v1.Instances/Insert}
     */
    void onCall(String httpMethod, String path, String rpcMethod);
}
