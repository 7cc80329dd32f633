package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.CreatedTokenView;
import io.flotilla.api.identity.IdentityViews.TokenView;
import io.flotilla.api.identity.IdentityViews.UserView;
import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The caller's own user and API tokens. */
@Controller("/api/v1/me")
@Tag(name = "me")
@DocumentedErrors
public class MeController {
    private final UserService users;
    private final TokenService tokens;

    public MeController(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Get
    @Operation(summary = "Who am I")
    public UserView me(@Parameter(hidden = true) Caller caller) {
        return UserView.of(users.me(caller));
    }

    @Get("/tokens")
    @Operation(summary = "List my API tokens (never their values)")
    public List<TokenView> listTokens(@Parameter(hidden = true) Caller caller) {
        return tokens.list(caller).stream().map(TokenView::of).toList();
    }

    @Post("/tokens")
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create an API token; its value is in this response only")
    public CreatedTokenView createToken(@Parameter(hidden = true) Caller caller, @Valid @Body IdentityRequests.CreateToken request) {
        TokenService.CreatedToken created = tokens.create(caller, request.name(),
                request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays()));
        return new CreatedTokenView(TokenView.of(created.token()), created.secret());
    }

    @Delete("/tokens/{id}")
    @Operation(summary = "Revoke one of my API tokens")
    public TokenView revokeToken(@Parameter(hidden = true) Caller caller, UUID id) {
        return TokenView.of(tokens.revoke(caller, id));
    }
}
