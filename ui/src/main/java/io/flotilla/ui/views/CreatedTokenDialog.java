package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.identity.TokenService;

/**
 * Shows a just-created token's secret value, the only time it can be seen. The field is read-only
 * and selects its whole content on focus, so that it is easy to copy.
 */
class CreatedTokenDialog extends Dialog {
    CreatedTokenDialog(TokenService.CreatedToken created, Runnable onClose) {
        setId("createdTokenDialog");
        setHeaderTitle("Token '" + created.token().name() + "' created");
        setCloseOnOutsideClick(false);
        setWidth("36em");
        TextField value = new TextField("Token value");
        value.setId("createdTokenValue");
        value.setValue(created.secret());
        value.setReadOnly(true);
        value.setWidthFull();
        value.getElement().executeJs("this.inputElement.addEventListener('focus', e => e.target.select())");
        Paragraph warning = new Paragraph("Copy this value now and keep it somewhere safe. It is shown only once "
                + "and cannot be shown again; if you lose it, revoke the token and create a new one.");
        warning.setId("createdTokenWarning");
        warning.getStyle().set("color", "var(--lumo-error-text-color)");
        VerticalLayout body = new VerticalLayout(warning, value);
        body.setPadding(false);
        add(body);
        Button done = new Button("I have copied it", e -> close());
        done.setId("closeCreatedToken");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                value.clear();
                removeFromParent();
                onClose.run();
            }
        });
    }
}
