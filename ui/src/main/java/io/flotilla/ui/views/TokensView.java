package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.flotilla.identity.ApiToken;
import io.flotilla.identity.TokenService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.time.Clock;
import java.time.Duration;

/** The signed-in user's API tokens: list, create (value shown once), revoke. */
@Prototype
@Route(value = "tokens", layout = MainLayout.class)
@RouteAlias(value = "", layout = MainLayout.class)
@PageTitle("My tokens | Flotilla")
public class TokensView extends VerticalLayout implements BeforeEnterObserver {
    private final transient TokenService tokens;
    private final transient Clock clock;
    private final Grid<ApiToken> grid = new Grid<>();
    private final TextField name = new TextField("Name");
    private final IntegerField expiryDays = new IntegerField("Expires after (days)");

    public TokensView(TokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
        setId("tokensView");
        name.setId("tokenName");
        name.setPlaceholder("e.g. laptop");
        expiryDays.setId("tokenExpiryDays");
        expiryDays.setPlaceholder("never");
        expiryDays.setMin(1);
        expiryDays.setMax((int) TokenService.MAX_LIFETIME.toDays());
        expiryDays.setHelperText("Leave empty for a token that does not expire");
        Button create = new Button("Create token", e -> create());
        create.setId("createTokenButton");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, expiryDays, create);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("tokensGrid");
        grid.setAllRowsVisible(true);
        grid.addColumn(ApiToken::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(t -> t.displayPrefix() + "…").setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(t -> Formats.minutes(t.createdAt(), "")).setHeader("Created").setAutoWidth(true);
        grid.addColumn(t -> Formats.minutes(t.expiresAt(), "never")).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(t -> Formats.minutes(t.lastUsedAt(), "never")).setHeader("Last used").setAutoWidth(true);
        grid.addColumn(this::status).setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton).setHeader("").setAutoWidth(true);
        add(new H2("My tokens"), form, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.list(ConsoleSession.requireCaller()));
    }

    private void create() {
        Duration lifetime = expiryDays.getValue() == null ? null : Duration.ofDays(expiryDays.getValue());
        Feedback.call(() -> tokens.create(ConsoleSession.requireCaller(), name.getValue().trim(), lifetime))
                .ifPresent(created -> {
                    name.clear();
                    expiryDays.clear();
                    refresh();
                    new CreatedTokenDialog(created, this::refresh).open();
                });
    }

    private String status(ApiToken token) {
        if (token.revokedAt() != null) {
            return "revoked";
        }
        return token.usableAt(clock.instant()) ? "active" : "expired";
    }

    private Button revokeButton(ApiToken token) {
        Button revoke = new Button("Revoke", e -> confirmRevoke(token));
        revoke.setId("revoke-" + token.id());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revoke.setVisible(token.revokedAt() == null);
        return revoke;
    }

    private void confirmRevoke(ApiToken token) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirmRevokeDialog");
        confirm.setHeader("Revoke token '" + token.name() + "'?");
        confirm.setText("Programs using this token will be rejected at once. This cannot be undone.");
        confirm.setCancelable(true);
        Button yes = new Button("Revoke", e -> {
            confirm.close();
            if (Feedback.run(() -> tokens.revoke(ConsoleSession.requireCaller(), token.id()))) {
                Feedback.success("Token '" + token.name() + "' revoked.");
            }
            refresh();
        });
        yes.setId("confirmRevokeButton");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.setConfirmButton(yes);
        confirm.open();
    }
}
