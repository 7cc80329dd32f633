package io.flotilla.provider.gcp.iam;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the generated setup applies: a project (unknown: the commands say {@value #PROJECT_PLACEHOLDER}), the worker
 * service account's id, and the appliance's principal, a service account (unknown: {@value #PRINCIPAL_PLACEHOLDER}).
 */
public record GcpTarget(@Nullable String projectId, String workerAccountId, @Nullable String principalEmail) {
    /** Used when no worker service account is given. */
    public static final String DEFAULT_WORKER_ACCOUNT = "flotilla-worker";
    /** Stands for the project in commands when none was given. */
    public static final String PROJECT_PLACEHOLDER = "PROJECT_ID";
    /** Stands for the appliance's service account in commands when none was given. */
    public static final String PRINCIPAL_PLACEHOLDER = "APPLIANCE_SERVICE_ACCOUNT_EMAIL";
    /** Google's rule for project ids: 6 to 30 lowercase letters, digits or hyphens, starting with a letter. */
    public static final Pattern PROJECT = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern USER_MANAGED_EMAIL = Pattern.compile("(" + ACCOUNT_ID.pattern() + ")@(" + PROJECT.pattern()
            + ")\\.iam\\.gserviceaccount\\.com");
    /** Any service account email, user-managed or Google-managed (e.g. {@code 123-compute@developer.gserviceaccount.com}). */
    private static final Pattern SERVICE_ACCOUNT_EMAIL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}@[a-z0-9][a-z0-9.-]{0,200}\\.gserviceaccount\\.com");
    private static final String MEMBER_PREFIX = "serviceAccount:";

    /**
     * Checks each part. The worker service account may be an id ({@code flotilla-worker}) or an email in the
     * project; the principal a service account email, with or without {@code serviceAccount:}.
     */
    public static GcpTarget of(@Nullable String projectId, @Nullable String workerServiceAccount, @Nullable String principal) {
        String project = blank(projectId) ? null : projectId.trim();
        if (project != null && !PROJECT.matcher(project).matches()) {
            throw ServiceException.invalid("project", "'" + project + "' is not a Google Cloud project id: 6 to 30 lowercase"
                    + " letters, digits or hyphens, starting with a letter and not ending with a hyphen.");
        }
        String worker = blank(workerServiceAccount) ? DEFAULT_WORKER_ACCOUNT : workerServiceAccount.trim();
        if (worker.contains("@")) {
            Matcher email = USER_MANAGED_EMAIL.matcher(worker);
            if (!email.matches()) {
                throw ServiceException.invalid("workerServiceAccount", "The worker service account must be an account id"
                        + " such as flotilla-worker or an email NAME@PROJECT.iam.gserviceaccount.com.");
            }
            if (project != null && !project.equals(email.group(2))) {
                throw ServiceException.invalid("workerServiceAccount", "The worker service account " + worker
                        + " belongs to project " + email.group(2) + ", not " + project + ".");
            }
            project = email.group(2);
            worker = email.group(1);
        } else if (!ACCOUNT_ID.matcher(worker).matches()) {
            throw ServiceException.invalid("workerServiceAccount", "'" + worker + "' is not a service account id: 6 to 30"
                    + " lowercase letters, digits or hyphens, starting with a letter.");
        }
        String who = blank(principal) ? null : principal.trim();
        if (who != null && who.startsWith(MEMBER_PREFIX)) {
            who = who.substring(MEMBER_PREFIX.length());
        }
        if (who != null && !SERVICE_ACCOUNT_EMAIL.matcher(who).matches()) {
            throw ServiceException.invalid("principal", "The principal must be the email of the service account the"
                    + " appliance runs as (NAME@PROJECT.iam.gserviceaccount.com), optionally prefixed by serviceAccount:.");
        }
        return new GcpTarget(project, worker, who);
    }

    /** The project id, or {@value #PROJECT_PLACEHOLDER}. */
    public String project() {
        return projectId == null ? PROJECT_PLACEHOLDER : projectId;
    }

    /** The worker service account's email in the project. */
    public String workerEmail() {
        return workerAccountId + "@" + project() + ".iam.gserviceaccount.com";
    }

    /** The appliance's IAM member, {@code serviceAccount:EMAIL} (a placeholder when unknown). */
    public String principalMember() {
        return MEMBER_PREFIX + (principalEmail == null ? PRINCIPAL_PLACEHOLDER : principalEmail);
    }

    /** The full name of a custom role of the project, {@code projects/P/roles/ID}. */
    public String roleName(String roleId) {
        return "projects/" + project() + "/roles/" + roleId;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
