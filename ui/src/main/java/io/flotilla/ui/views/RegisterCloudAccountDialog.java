package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountRequest;
import io.flotilla.account.CloudAccountRules;
import io.flotilla.account.CloudAccountService;
import io.flotilla.account.CredentialMode;
import io.flotilla.ui.session.ConsoleSession;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Form that registers an AWS cloud account (appliance admins). The credential fields follow the chosen mode;
 * the secret access key is typed into a password field, sent to the service once and cleared when the dialog
 * closes. Errors of the service are shown as its sentence and the dialog stays open.
 */
class RegisterCloudAccountDialog extends Dialog {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TextField name = field("Name", "accountName");
    private final TextField region = field("Region", "accountRegion");
    private final RadioButtonGroup<CredentialMode> mode = new RadioButtonGroup<>("Credentials");
    private final TextField roleArn = field("Role ARN", "accountRoleArn");
    private final TextField externalId = field("External id", "accountExternalId");
    private final TextField accessKeyId = field("Access key id", "accountAccessKeyId");
    private final PasswordField secretKey = new PasswordField("Secret access key");
    private final Paragraph keysWarning = new Paragraph("Access keys are discouraged: they do not expire and must be "
            + "rotated by hand. Prefer the appliance's instance role, or a role it assumes with an external id.");
    private final TextField subnets = field("Subnets", "accountSubnets");
    private final TextField cidrs = field("Allowed CIDRs", "accountCidrs");
    private final TextField instanceProfile = field("Worker instance profile ARN", "accountInstanceProfile");
    private final Select<Integer> retention = new Select<>();

    RegisterCloudAccountDialog(CloudAccountService accounts, Consumer<CloudAccount> onRegistered) {
        setId("registerCloudAccountDialog");
        setHeaderTitle("Register an AWS account");
        setWidth("40em");
        name.setRequired(true);
        name.setHelperText("Lowercase letters, digits and dashes");
        region.setRequired(true);
        region.setPlaceholder("eu-central-1");
        mode.setId("accountMode");
        mode.setItems(CredentialMode.values());
        mode.setItemLabelGenerator(RegisterCloudAccountDialog::label);
        mode.setValue(CredentialMode.INSTANCE_ROLE);
        mode.addValueChangeListener(e -> showFieldsOf(e.getValue()));
        roleArn.setPlaceholder("arn:aws:iam::123456789012:role/flotilla-appliance");
        externalId.setValue(randomExternalId());
        externalId.setHelperText("Copy it into the role's trust policy (sts:ExternalId); the trust policy of "
                + "`flotilla setup aws` uses this appliance's id instead, so use that value if you applied it");
        secretKey.setId("accountSecretKey");
        secretKey.setRevealButtonVisible(false);
        keysWarning.setId("accessKeysWarning");
        keysWarning.getStyle().set("color", "var(--lumo-error-text-color)");
        subnets.setHelperText("Subnet ids separated by commas; empty: the default VPC");
        cidrs.setHelperText("Who may reach schedulers, e.g. 10.0.0.0/8; empty: the subnets' network");
        instanceProfile.setHelperText("Optional: lets workers write their logs to CloudWatch");
        retention.setId("accountLogRetention");
        retention.setLabel("Log retention (days)");
        retention.setItems(CloudAccountRules.RETENTION_DAYS);
        retention.setValue(CloudAccountRules.DEFAULT_RETENTION_DAYS);
        FormLayout form = new FormLayout(name, region, mode, roleArn, externalId, keysWarning, accessKeyId, secretKey,
                subnets, cidrs, instanceProfile, retention);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        showFieldsOf(CredentialMode.INSTANCE_ROLE);
        Button register = new Button("Register", e -> Feedback.call(() -> accounts.register(ConsoleSession.requireCaller(),
                request())).ifPresent(account -> {
                    close();
                    onRegistered.accept(account);
                }));
        register.setId("registerAccountSubmit");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("registerAccountCancel");
        getFooter().add(cancel, register);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                secretKey.clear();
                removeFromParent();
            }
        });
    }

    private CloudAccountRequest request() {
        CredentialMode chosen = mode.getValue();
        boolean role = chosen == CredentialMode.ASSUME_ROLE;
        boolean keys = chosen == CredentialMode.ACCESS_KEYS;
        CloudAccountRequest.Credentials credentials = new CloudAccountRequest.Credentials(chosen.value(),
                role ? text(roleArn) : null, role ? text(externalId) : null, keys ? text(accessKeyId) : null,
                keys ? emptyToNull(secretKey.getValue()) : null);
        return new CloudAccountRequest(text(name), "aws", text(region), credentials, list(subnets), list(cidrs),
                text(instanceProfile), retention.getValue());
    }

    private void showFieldsOf(CredentialMode chosen) {
        roleArn.setVisible(chosen == CredentialMode.ASSUME_ROLE);
        externalId.setVisible(chosen == CredentialMode.ASSUME_ROLE);
        accessKeyId.setVisible(chosen == CredentialMode.ACCESS_KEYS);
        secretKey.setVisible(chosen == CredentialMode.ACCESS_KEYS);
        keysWarning.setVisible(chosen == CredentialMode.ACCESS_KEYS);
    }

    private static String label(CredentialMode mode) {
        return switch (mode) {
            case INSTANCE_ROLE -> "Instance role (the appliance runs in this account)";
            case ASSUME_ROLE -> "Assume a role (another account, with an external id)";
            case ACCESS_KEYS -> "Access keys (discouraged)";
        };
    }

    /** A fresh external id: 18 random bytes, URL-safe Base64. */
    static String randomExternalId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "flotilla-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static TextField field(String label, String id) {
        TextField field = new TextField(label);
        field.setId(id);
        return field;
    }

    private static String text(TextField field) {
        return emptyToNull(field.getValue().trim());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<String> list(TextField field) {
        List<String> values = Arrays.stream(field.getValue().split("[,\\s]+")).filter(v -> !v.isBlank()).toList();
        return values.isEmpty() ? null : values;
    }
}
