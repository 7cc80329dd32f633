package io.flotilla.provider.local;

import io.flotilla.error.ServiceException;

import java.util.List;
import java.util.Optional;

/**
 * The account local instances run under when isolated, as the system knows it ({@code getent passwd}, so LDAP
 * and other NSS sources count). The default account is created with {@code useradd} the first time it is missing.
 */
record RunAsAccount(String name, long uid, long gid) {

    /** The account named {@code name}, created first (a system user with its own group, no home, no login shell) if {@code create}. */
    static RunAsAccount resolve(String name, boolean create) {
        Optional<RunAsAccount> known = lookup(name);
        if (known.isPresent() && known.get().uid() == 0) {
            throw failure("local_run_as_invalid", "flotilla.local.run-as names '" + name + "', whose uid is 0: "
                    + "local clusters must run as an unprivileged user.");
        }
        if (known.isPresent()) {
            return known.get();
        }
        if (!create) {
            throw failure("local_run_as_missing", "The user '" + name + "' named by flotilla.local.run-as does not "
                    + "exist on this machine: create it (e.g. useradd --system --user-group --no-create-home --shell "
                    + "/usr/sbin/nologin " + name + ") or unset flotilla.local.run-as.");
        }
        SystemCommand.Outcome created = SystemCommand.run(List.of("useradd", "--system", "--user-group",
                "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                "--comment", "Flotilla local cluster instances", name));
        return lookup(name).orElseThrow(() -> failure("local_run_as_create_failed", "Could not create the user '"
                + name + "' that local clusters run as (useradd exited with " + created.exitCode() + ": "
                + created.output() + "). Create it yourself, or name an existing user with FLOTILLA_LOCAL_RUN_AS."));
    }

    static Optional<RunAsAccount> lookup(String name) {
        if (!name.matches("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}")) {
            throw failure("local_run_as_invalid", "flotilla.local.run-as must be a user name, not '" + name + "'.");
        }
        SystemCommand.Outcome entry = SystemCommand.run(List.of("getent", "passwd", name));
        if (!entry.ok()) {
            return Optional.empty();
        }
        String[] fields = entry.output().lines().findFirst().orElse("").split(":", -1);
        if (fields.length < 4) {
            return Optional.empty();
        }
        return Optional.of(new RunAsAccount(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    }

    private static ServiceException failure(String code, String message) {
        return ServiceException.unavailable(code, message, null);
    }
}
