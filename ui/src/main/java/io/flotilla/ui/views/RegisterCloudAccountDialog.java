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
import io.flotilla.provider.aws.account.AwsAccountSupport;
import io.flotilla.ui.session.ConsoleSession;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Form that registers a cloud account (appliance admins): AWS or GCP. The fields follow the chosen provider and
 * credential mode; a secret (AWS secret access key, GCP service-account key JSON) is typed into a password field,
 * sent to the service once and cleared when the dialog closes. Errors of the service are shown as its sentence and
 * the dialog stays open.
 */
class RegisterCloudAccountDialog extends Dialog {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> MODE_LABELS = Map.of(
            "instance_role", "Instance role (the appliance runs in this account)",
            "assume_role", "Assume a role (another account, with an external id)",
            "access_keys", "Access keys (discouraged)",
            "attached_service_account", "The appliance's own service account (it runs in this project)",
            "impersonate", "Impersonate a service account (another project)",
            "service_account_key", "Service-account key (discouraged)");
    private static final Map<String, List<String>> MODES = Map.of(
            "aws", List.of("instance_role", "assume_role", "access_keys"),
            "gcp", List.of("attached_service_account", "impersonate", "service_account_key"));
    private final Select<String> provider = new Select<>();
    private final TextField name = field("Name", "accountName");
    private final TextField region = field("Region", "accountRegion");
    private final RadioButtonGroup<String> mode = new RadioButtonGroup<>("Credentials");
    private final TextField roleArn = field("Role ARN", "accountRoleArn");
    private final TextField externalId = field("External id", "accountExternalId");
    private final TextField accessKeyId = field("Access key id", "accountAccessKeyId");
    private final PasswordField secretKey = new PasswordField("Secret access key");
    private final Paragraph keysWarning = new Paragraph("Access keys are discouraged: they do not expire and must be "
            + "rotated by hand. Prefer the appliance's instance role, or a role it assumes with an external id.");
    private final TextField subnets = field("Subnets", "accountSubnets");
    private final TextField cidrs = field("Allowed CIDRs", "accountCidrs");
    private final TextField instanceProfile = field("Worker instance profile ARN", "accountInstanceProfile");
    private final TextField project = field("Project", "accountProject");
    private final TextField zones = field("Zones", "accountZones");
    private final TextField network = field("Network", "accountNetwork");
    private final TextField workerServiceAccount = field("Worker service account", "accountWorkerServiceAccount");
    private final TextField serviceAccount = field("Service account to impersonate", "accountServiceAccount");
    private final PasswordField keyJson = new PasswordField("Service-account key JSON");
    private final Paragraph keyWarning = new Paragraph("Service-account keys are discouraged: they do not expire and "
            + "must be rotated by hand. Prefer the appliance's own service account, or one it impersonates.");
    private final Select<Integer> retention = new Select<>();

    RegisterCloudAccountDialog(CloudAccountService accounts, Consumer<CloudAccount> onRegistered) {
        setId("registerCloudAccountDialog");
        setHeaderTitle("Register a cloud account");
        setWidth("40em");
        provider.setId("accountProvider");
        provider.setLabel("Cloud");
        provider.setItems("aws", "gcp");
        provider.setItemLabelGenerator(p -> "aws".equals(p) ? "AWS" : "Google Cloud");
        provider.setValue("aws");
        provider.addValueChangeListener(e -> showProvider(e.getValue()));
        name.setRequired(true);
        name.setHelperText("Lowercase letters, digits and dashes");
        region.setRequired(true);
        mode.setId("accountMode");
        mode.setItemLabelGenerator(MODE_LABELS::get);
        mode.addValueChangeListener(e -> showFieldsOf(e.getValue()));
        roleArn.setPlaceholder("arn:aws:iam::123456789012:role/flotilla-appliance");
        externalId.setValue(randomExternalId());
        externalId.setHelperText("Copy it into the role's trust policy (sts:ExternalId); the trust policy of "
                + "`flotilla setup aws` uses this appliance's id instead, so use that value if you applied it");
        secretKey.setId("accountSecretKey");
        secretKey.setRevealButtonVisible(false);
        keysWarning.setId("accessKeysWarning");
        keysWarning.getStyle().set("color", "var(--lumo-error-text-color)");
        keyJson.setId("accountKeyJson");
        keyJson.setRevealButtonVisible(false);
        keyWarning.setId("serviceAccountKeyWarning");
        keyWarning.getStyle().set("color", "var(--lumo-error-text-color)");
        cidrs.setHelperText("Who may reach schedulers, e.g. 10.0.0.0/8; empty: the subnets' network");
        instanceProfile.setHelperText("Optional: lets workers write their logs to CloudWatch");
        project.setPlaceholder("acme-analytics");
        zones.setHelperText("Zones of the region in order of preference, separated by commas; empty: every zone");
        network.setHelperText("The VPC network; empty: 'default' (or create one with the network action)");
        workerServiceAccount.setHelperText("Cluster instances run as it: it may write logs, nothing else "
                + "(`flotilla setup gcp` creates it)");
        serviceAccount.setPlaceholder("flotilla-appliance@other-project.iam.gserviceaccount.com");
        retention.setId("accountLogRetention");
        retention.setLabel("Log retention (days)");
        retention.setItems(AwsAccountSupport.RETENTION_DAYS);
        retention.setValue(CloudAccountRules.DEFAULT_RETENTION_DAYS);
        FormLayout form = new FormLayout(provider, name, region, project, mode, roleArn, externalId, keysWarning,
                accessKeyId, secretKey, serviceAccount, keyWarning, keyJson, zones, network, subnets, cidrs,
                instanceProfile, workerServiceAccount, retention);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        showProvider("aws");
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
                keyJson.clear();
                removeFromParent();
            }
        });
    }

    private CloudAccountRequest request() {
        String chosen = mode.getValue();
        if ("gcp".equals(provider.getValue())) {
            boolean impersonate = "impersonate".equals(chosen);
            boolean key = "service_account_key".equals(chosen);
            CloudAccountRequest.Credentials credentials = new CloudAccountRequest.Credentials(chosen, null, null, null, null,
                    impersonate ? text(serviceAccount) : null, key ? emptyToNull(keyJson.getValue()) : null);
            return new CloudAccountRequest(text(name), "gcp", text(region), credentials, null, list(cidrs), null,
                    null, text(project), list(zones), text(network), list(subnets), text(workerServiceAccount));
        }
        boolean role = "assume_role".equals(chosen);
        boolean keys = "access_keys".equals(chosen);
        CloudAccountRequest.Credentials credentials = new CloudAccountRequest.Credentials(chosen,
                role ? text(roleArn) : null, role ? text(externalId) : null, keys ? text(accessKeyId) : null,
                keys ? emptyToNull(secretKey.getValue()) : null);
        return new CloudAccountRequest(text(name), "aws", text(region), credentials, list(subnets), list(cidrs),
                text(instanceProfile), retention.getValue());
    }

    private void showProvider(String chosen) {
        boolean gcp = "gcp".equals(chosen);
        region.setPlaceholder(gcp ? "europe-west4" : "eu-central-1");
        subnets.setHelperText(gcp ? "Subnetworks of the region separated by commas; empty: the network's subnetwork"
                : "Subnet ids separated by commas; empty: the default VPC");
        project.setVisible(gcp);
        zones.setVisible(gcp);
        network.setVisible(gcp);
        workerServiceAccount.setVisible(gcp);
        instanceProfile.setVisible(!gcp);
        retention.setVisible(!gcp); // Cloud Logging keeps logs as its log bucket says
        mode.setItems(MODES.get(chosen));
        mode.setValue(MODES.get(chosen).get(0));
        showFieldsOf(mode.getValue());
    }

    private void showFieldsOf(String chosen) {
        roleArn.setVisible("assume_role".equals(chosen));
        externalId.setVisible("assume_role".equals(chosen));
        accessKeyId.setVisible("access_keys".equals(chosen));
        secretKey.setVisible("access_keys".equals(chosen));
        keysWarning.setVisible("access_keys".equals(chosen));
        serviceAccount.setVisible("impersonate".equals(chosen));
        keyJson.setVisible("service_account_key".equals(chosen));
        keyWarning.setVisible("service_account_key".equals(chosen));
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
