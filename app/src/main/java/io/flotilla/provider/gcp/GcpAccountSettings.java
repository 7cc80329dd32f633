package io.flotilla.provider.gcp;

/** The names of a GCP cloud account's own settings and secret values, as stored on the account. */
public final class GcpAccountSettings {
    /** The provider id of GCP accounts. */
    public static final String PROVIDER = "gcp";
    /** The project clusters run in. */
    public static final String PROJECT = "project";
    /** Zones of the region, comma-separated, in order of preference. */
    public static final String ZONES = "zones";
    /** The VPC network. */
    public static final String NETWORK = "network";
    /** The service account cluster instances run as. */
    public static final String WORKER_SERVICE_ACCOUNT = "workerServiceAccount";
    /** The impersonated service account (impersonate), or the key's (service_account_key). */
    public static final String SERVICE_ACCOUNT = "serviceAccount";
    /** The id of the service-account key (service_account_key); never the key. */
    public static final String KEY_ID_HINT = "keyIdHint";
    /** The secret of a service_account_key account: the key file's JSON. */
    public static final String SECRET_KEY_JSON = "keyJson";

    private GcpAccountSettings() {
    }
}
