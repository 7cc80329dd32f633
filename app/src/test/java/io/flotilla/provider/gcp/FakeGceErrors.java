package io.flotilla.provider.gcp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Compute Engine's JSON error bodies, as the real API sends them. */
final class FakeGceErrors {
    /** An error the fake answers with: HTTP status and body. */
    static final class Failure extends RuntimeException {
        final int status;
        final String body;

        Failure(int status, String body) {
            super(body);
            this.status = status;
            this.body = body;
        }
    }

    private FakeGceErrors() {
    }

    static Failure of(int status, String reason, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", status);
        error.addProperty("message", message);
        JsonArray errors = new JsonArray();
        JsonObject item = new JsonObject();
        item.addProperty("message", message);
        item.addProperty("domain", "global");
        item.addProperty("reason", reason);
        errors.add(item);
        error.add("errors", errors);
        JsonObject root = new JsonObject();
        root.add("error", error);
        return new Failure(status, root.toString());
    }

    static Failure notFound(String resource) {
        return of(404, "notFound", "The resource '" + resource + "' was not found");
    }

    static Failure invalid(String field, String message) {
        return of(400, "invalid", "Invalid value for field '" + field + "': " + message);
    }

    static Failure alreadyExists(String resource) {
        return of(409, "alreadyExists", "The resource '" + resource + "' already exists");
    }

    /** What Compute Engine answers every call of a project without the API enabled. */
    static Failure apiDisabled(String project) {
        String message = "Compute Engine API has not been used in project " + project + " before or it is disabled."
                + " Enable it by visiting https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project="
                + project + " then retry.";
        Failure base = of(403, "accessNotConfigured", message);
        JsonObject root = com.google.gson.JsonParser.parseString(base.body).getAsJsonObject();
        JsonObject error = root.getAsJsonObject("error");
        error.getAsJsonArray("errors").get(0).getAsJsonObject().addProperty("domain", "usageLimits");
        error.addProperty("status", "PERMISSION_DENIED");
        JsonObject info = new JsonObject();
        info.addProperty("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.addProperty("reason", "SERVICE_DISABLED");
        info.addProperty("domain", "googleapis.com");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("service", "compute.googleapis.com");
        metadata.addProperty("consumer", "projects/" + project);
        info.add("metadata", metadata);
        JsonArray details = new JsonArray();
        details.add(info);
        error.add("details", details);
        return new Failure(403, root.toString());
    }
}
