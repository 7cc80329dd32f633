package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.UserView;
import io.flotilla.identity.Caller;
import io.flotilla.identity.UserService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;

/** Users of the appliance (appliance admins). */
@Controller("/api/v1/users")
@Tag(name = "users")
@DocumentedErrors
public class UserController {
    private final UserService users;

    public UserController(UserService users) {
        this.users = users;
    }

    @Get
    @Operation(summary = "List users (appliance admins)")
    public List<UserView> list(@Parameter(hidden = true) Caller caller) {
        return users.list(caller).stream().map(UserView::of).toList();
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a user (appliance admins)")
    public UserView create(@Parameter(hidden = true) Caller caller, @Valid @Body IdentityRequests.CreateUser request) {
        return UserView.of(users.create(caller, request.username(), request.displayName(), request.password(),
                Boolean.TRUE.equals(request.applianceAdmin()), Boolean.TRUE.equals(request.passwordChangeRequired())));
    }

    @Get("/{username}")
    @Operation(summary = "Get a user (appliance admins, or yourself)")
    public UserView get(@Parameter(hidden = true) Caller caller, String username) {
        return UserView.of(users.get(caller, username));
    }

    @Patch("/{username}")
    @Operation(summary = "Change a user's admin flag, disabled flag, password or must-change-password flag")
    public UserView update(@Parameter(hidden = true) Caller caller, String username, @Valid @Body IdentityRequests.UpdateUser request) {
        return UserView.of(users.update(caller, username, request.applianceAdmin(), request.disabled(), request.password(),
                request.passwordChangeRequired()));
    }
}
