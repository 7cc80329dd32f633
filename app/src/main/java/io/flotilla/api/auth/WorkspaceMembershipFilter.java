package io.flotilla.api.auth;

import io.flotilla.api.error.ApiError;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Defence in depth for tenancy: before any body is read, a request under
 * {@code /api/v1/workspaces/{workspace}/...} from a caller who is not a member of that workspace is
 * answered 404, exactly as the services would answer it. The services still check every call.
 */
@ServerFilter("/api/v1/workspaces/*/**")
public class WorkspaceMembershipFilter implements Ordered {
    private static final String PREFIX = "/api/v1/workspaces/";
    private final WorkspaceAccess access;

    public WorkspaceMembershipFilter(WorkspaceAccess access) {
        this.access = access;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<ApiError> requireMembership(HttpRequest<?> request) {
        Caller caller = request.getAttribute(BearerAuthFilter.CALLER_ATTRIBUTE, Caller.class).orElse(null);
        String rest = request.getPath().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (caller == null || slash <= 0) {
            return null;
        }
        String workspace = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
        try {
            access.requireMember(caller, workspace);
            return null;
        } catch (ServiceException e) {
            return HttpResponse.<ApiError>status(HttpStatus.NOT_FOUND).body(ApiError.of(e.code(), e.getMessage(), e.details()));
        }
    }
}
