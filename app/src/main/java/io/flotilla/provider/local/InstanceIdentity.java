package io.flotilla.provider.local;

/**
 * The OS identity one local instance runs as when isolation is on: its own uid (one per cluster), the group of
 * the run-as account, no supplementary groups.
 *
 * @param userName what the instance sees as {@code USER}/{@code LOGNAME}: the run-as account's name (a uid of the
 *                 range has no passwd entry of its own)
 */
public record InstanceIdentity(long uid, long gid, String userName) {
    /** The {@code setpriv} arguments that switch to this identity before the command they precede. */
    java.util.List<String> setprivPrefix() {
        return java.util.List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs");
    }
}
