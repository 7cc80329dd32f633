package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.CreatedTokenView;
import io.flotilla.api.identity.IdentityViews.TokenView;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Duration;
import java.util.Map;

/** The one unauthenticated route: exchange a username and password for an API token ({@code flotilla login}). */
@Controller("/api/v1/auth")
@Tag(name = "auth")
@DocumentedErrors
public class AuthController {
    private final UserService users;
    private final TokenService tokens;

    public AuthController(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Post("/token")
    @Status(HttpStatus.CREATED)
    @SecurityRequirement(name = "")
    @Operation(summary = "Sign in with a password and receive a new API token (shown once)")
    public CreatedTokenView token(@Valid @Body IdentityRequests.PasswordLogin request) {
        Caller caller = users.authenticate(request.username(), request.password())
                .orElseThrow(() -> new ServiceException(ServiceException.Kind.UNAUTHENTICATED, "bad_credentials",
                        "The username or password is wrong, or the user is disabled.", Map.of()));
        TokenService.CreatedToken created = tokens.create(caller,
                request.tokenName() == null ? "login" : request.tokenName(),
                request.expiresInDays() == null ? Duration.ofDays(90) : Duration.ofDays(request.expiresInDays()));
        return new CreatedTokenView(TokenView.of(created.token()), created.secret());
    }
}
