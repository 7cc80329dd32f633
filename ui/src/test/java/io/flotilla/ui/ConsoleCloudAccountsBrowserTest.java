package io.flotilla.ui;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountRequest;
import io.flotilla.account.CloudAccountSecrets;
import io.flotilla.account.CloudAccountService;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterSpecValidator;
import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the cloud accounts page in headless Chromium against a whole appliance: an admin registers an
 * assumed-role account and an access-keys account (the secret reaches the secret store and never the page),
 * a bad role ARN shows the service's sentence and registers nothing, a workspace is bound and unbound, a
 * bound account cannot be removed and an unbound one can; outcomes are checked through the services.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleCloudAccountsBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    private static final String USER_PASSWORD = "erin-password-1234";
    private static final String ROLE = "arn:aws:iam::123456789012:role/flotilla-appliance";
    private static final String GRID = "cloudAccountsGrid";

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    WorkspaceService workspaces;
    @Inject
    CloudAccountService accounts;
    @Inject
    CloudAccountSecrets secrets;
    @Inject
    ClusterService clusters;

    private HeadlessChromium browser;
    private Caller admin;

    @Override
    protected Map<String, String> extraProperties() {
        // an AWS endpoint that refuses connections: validate and network answer with a sentence, fast
        return Map.of("flotilla.console.port", "-1", "flotilla.aws.endpoint-override", "http://127.0.0.1:9");
    }

    @BeforeAll
    void setUp() {
        admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        users.create(admin, "erin", "Erin Example", USER_PASSWORD, false);
        workspaces.create(admin, "team-data", null);
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.signOutHard();
    }

    @Test
    void adminRegistersAnAssumedRoleAndAnAccessKeysAccountAndTheSecretNeverReachesThePage() {
        signIn("admin", ADMIN_PASSWORD);
        browser.click("navCloudAccounts");
        browser.byId("cloudAccountsView");

        browser.click("registerAccountButton");
        browser.input("#accountName").sendKeys("prod-role");
        browser.input("#accountRegion").sendKeys("eu-central-1");
        chooseMode("Assume a role");
        browser.input("#accountRoleArn").sendKeys(ROLE);
        String externalId = browser.input("#accountExternalId").getDomProperty("value");
        assertThat(externalId).as("a fresh external id is proposed").startsWith("flotilla-").hasSizeGreaterThan(20);
        browser.input("#accountSubnets").sendKeys("subnet-0abc12345def67890");
        browser.screenshot("cloud-account-register-role");
        browser.click("registerAccountSubmit");
        browser.waitForGridCell(GRID, "prod-role");
        assertThat(browser.gridCells(GRID)).contains("assume_role", "subnet-0abc12345def67890", "never");
        CloudAccount role = accounts.get(admin, "prod-role");
        assertThat(role.credentialMode()).isEqualTo("assume_role");
        assertThat(role.setting("externalId")).isEqualTo(externalId);

        String secret = "canary-" + UUID.randomUUID();
        browser.click("registerAccountButton");
        browser.input("#accountName").sendKeys("legacy-keys");
        browser.input("#accountRegion").sendKeys("eu-west-1");
        chooseMode("Access keys");
        assertThat(browser.byId("accessKeysWarning").getText()).contains("discouraged");
        browser.input("#accountAccessKeyId").sendKeys("AKIAFLOTILLACANARY99");
        browser.input("#accountSecretKey").sendKeys(secret);
        browser.screenshot("cloud-account-register-keys");
        browser.click("registerAccountSubmit");
        browser.waitForGridCell(GRID, "legacy-keys");
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("registerCloudAccountDialog"), 0));
        assertThat(browser.gridCells(GRID)).contains("access_keys (discouraged)");
        browser.screenshot("cloud-accounts");
        assertThat(secrets.get(accounts.get(admin, "legacy-keys").id()))
                .as("the typed secret reached the secret store")
                .hasValueSatisfying(keys -> assertThat(keys.get("secretAccessKey")).isEqualTo(secret));
        assertNotInPage(secret);
        assertNotInPage("AKIAFLOTILLACANARY99");
        browser.open("/cloud-accounts");
        browser.waitForGridCell(GRID, "legacy-keys");
        assertNotInPage(secret);
        assertNotInPage("AKIAFLOTILLACANARY99");
    }

    @Test
    void aBadRoleArnShowsTheServiceSentenceAndRegistersNothing() {
        signIn("admin", ADMIN_PASSWORD);
        browser.open("/cloud-accounts");
        browser.click("registerAccountButton");
        browser.input("#accountName").sendKeys("bad-arn");
        browser.input("#accountRegion").sendKeys("eu-central-1");
        chooseMode("Assume a role");
        browser.input("#accountRoleArn").sendKeys("arn:aws:iam::12:role/x");
        browser.click("registerAccountSubmit");
        browser.waitForNotification("credentials.roleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/");
        browser.screenshot("cloud-account-bad-arn");
        assertThat(browser.driver().findElements(By.id("registerCloudAccountDialog"))).as("the dialog stays open").isNotEmpty();
        assertThat(accounts.list(admin)).extracting(CloudAccount::name).doesNotContain("bad-arn");
        browser.click("registerAccountCancel");
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("registerCloudAccountDialog"), 0));
    }

    @Test
    void adminBindsAWorkspaceCannotRemoveTheBoundAccountUnbindsAndRemoves() {
        accounts.register(admin, new CloudAccountRequest("shared", "aws", "us-east-1",
                new CloudAccountRequest.Credentials("instance_role", null, null, null, null), null, null, null, null));
        signIn("admin", ADMIN_PASSWORD);
        browser.open("/cloud-accounts");
        browser.waitForGridCell(GRID, "shared");

        browser.click("bind-shared");
        browser.input("#bindWorkspaceSelect").sendKeys("team-data", Keys.ENTER);
        browser.input("#bindAllowedCidrs").sendKeys("192.0.2.0/24, 198.51.100.0/24");
        browser.click("bindWorkspaceConfirm");
        browser.waitForGridCell(GRID, "team-data");
        assertThat(accounts.ofWorkspace(admin, "team-data")).map(CloudAccount::name).contains("shared");
        assertThat(accounts.bindingOf(admin, "team-data")).hasValueSatisfying(binding ->
                assertThat(binding.cidrList()).containsExactly("192.0.2.0/24", "198.51.100.0/24"));
        browser.screenshot("cloud-account-bound");

        browser.click("remove-shared");
        browser.click("confirmRemoveAccountButton");
        browser.waitForNotification("still bound to a workspace");
        assertThat(accounts.list(admin)).extracting(CloudAccount::name).contains("shared");

        browser.click("unbind-shared");
        browser.click("bindWorkspaceConfirm");
        browser.waiting().withMessage("the workspace disappears from the row")
                .until(d -> !browser.gridCells(GRID).contains("team-data"));
        assertThat(accounts.ofWorkspace(admin, "team-data")).isEmpty();

        browser.click("remove-shared");
        browser.click("confirmRemoveAccountButton");
        browser.waiting().withMessage("the account disappears from the grid")
                .until(d -> !browser.gridCells(GRID).contains("shared"));
        assertThat(accounts.list(admin)).extracting(CloudAccount::name).doesNotContain("shared");
    }

    @Test
    void validateAndNetworkReportWhatAwsAnsweredAndValidationIsKeptOnTheRow() {
        accounts.register(admin, new CloudAccountRequest("unreachable", "aws", "us-east-1",
                new CloudAccountRequest.Credentials("access_keys", null, null, "AKIAFLOTILLATEST0001", "not-a-real-secret"),
                null, null, null, null));
        signIn("admin", ADMIN_PASSWORD);
        browser.open("/cloud-accounts");
        browser.waitForGridCell(GRID, "unreachable");
        assertThat(browser.gridCells(GRID)).contains("never");

        browser.click("validate-unreachable");
        browser.waitForNotification("Cloud account unreachable: ");
        browser.waiting().withMessage("the row shows the failed validation").until(d -> browser.gridCells(GRID).contains("failed"));
        assertThat(accounts.get(admin, "unreachable").validationOk()).isFalse();
        browser.screenshot("cloud-account-validated");

        browser.click("network-unreachable");
        browser.waitForNotification("Could not create the network of cloud account 'unreachable'");
        assertThat(accounts.get(admin, "unreachable").subnetList()).isEmpty();
    }

    @Test
    void anAwsClustersPageLinksToItsLogGroupInCloudWatch() {
        accounts.register(admin, new CloudAccountRequest("cw", "aws", "eu-west-1",
                new CloudAccountRequest.Credentials("access_keys", null, null, "AKIAFLOTILLATEST0002", "not-a-real-secret"),
                null, null, null, null));
        accounts.bind(admin, "default", "cw");
        try {
            clusters.create(admin, "default", "cw-link", new ClusterSpecValidator.Options(1, null, null, null, null, null, null,
                    null, null, null));
            signIn("admin", ADMIN_PASSWORD);
            browser.open("/clusters/cw-link");
            browser.byId("clusterDetailView");
            WebElement link = browser.waiting().until(d -> {
                WebElement candidate = browser.byId("cloudLogsLink");
                return candidate.isDisplayed() ? candidate : null;
            });
            assertThat(link.getText()).isEqualTo("Open in CloudWatch");
            assertThat(link.getDomAttribute("href")).isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
                    + "?region=eu-west-1#logsV2:log-groups/log-group/$252Fflotilla$252Fdefault");
            assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
            browser.screenshot("cluster-cloudwatch-link");
        } finally {
            accounts.unbind(admin, "default");
        }
    }

    @Test
    void onlyApplianceAdminsSeeThePage() {
        signIn("erin", USER_PASSWORD);
        browser.byId("tokensView");
        assertThat(browser.driver().findElements(By.id("navCloudAccounts"))).isEmpty();
        browser.open("/cloud-accounts");
        browser.waitForNotification("Only appliance administrators can manage cloud accounts.");
        browser.byId("tokensView");
        assertThat(browser.driver().findElements(By.id("cloudAccountsView"))).isEmpty();
    }

    @Test
    void adminRegistersGcpAccountsAndTheServiceAccountKeyNeverReachesThePage() throws Exception {
        signIn("admin", ADMIN_PASSWORD);
        browser.click("navCloudAccounts");
        browser.byId("cloudAccountsView");

        browser.click("registerAccountButton");
        chooseProvider("Google Cloud");
        browser.input("#accountName").sendKeys("gcp-analytics");
        browser.input("#accountRegion").sendKeys("europe-west4");
        browser.input("#accountProject").sendKeys("acme-analytics");
        browser.input("#accountZones").sendKeys("europe-west4-b, europe-west4-a");
        chooseMode("Impersonate a service account");
        browser.input("#accountServiceAccount").sendKeys("flotilla@other-project.iam.gserviceaccount.com");
        browser.driver().executeScript("document.getElementById('accountWorkerServiceAccount').scrollIntoView()");
        browser.input("#accountWorkerServiceAccount").sendKeys("flotilla-worker@acme-analytics.iam.gserviceaccount.com");
        browser.screenshot("cloud-account-register-gcp");
        browser.click("registerAccountSubmit");
        browser.waitForGridCell(GRID, "gcp-analytics");
        assertThat(browser.gridCells(GRID)).contains("impersonate", "gcp europe-west4 (acme-analytics)");
        CloudAccount impersonating = accounts.get(admin, "gcp-analytics");
        assertThat(impersonating.provider()).isEqualTo("gcp");
        assertThat(impersonating.credentialMode()).isEqualTo("impersonate");
        assertThat(impersonating.settings()).containsEntry("project", "acme-analytics")
                .containsEntry("zones", "europe-west4-b,europe-west4-a")
                .containsEntry("serviceAccount", "flotilla@other-project.iam.gserviceaccount.com");

        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + java.util.Base64.getEncoder().encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded()) + "\\n-----END PRIVATE KEY-----\\n";
        String keyId = "c4a7" + UUID.randomUUID().toString().replace("-", "");
        String keyJson = "{\"type\":\"service_account\",\"project_id\":\"acme-analytics\",\"private_key_id\":\"" + keyId
                + "\",\"private_key\":\"" + pem + "\",\"client_email\":\"flotilla-key@acme-analytics.iam.gserviceaccount.com\","
                + "\"client_id\":\"1234567890\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
        browser.click("registerAccountButton");
        chooseProvider("Google Cloud");
        browser.input("#accountName").sendKeys("gcp-key");
        browser.input("#accountRegion").sendKeys("europe-west4");
        browser.input("#accountProject").sendKeys("acme-analytics");
        chooseMode("Service-account key");
        browser.byId("serviceAccountKeyWarning");
        browser.driver().executeScript("const f = document.getElementById('accountKeyJson'); f.value = arguments[0];"
                + " f.dispatchEvent(new Event('change', {bubbles: true}));", keyJson);
        browser.click("registerAccountSubmit");
        browser.waitForGridCell(GRID, "gcp-key");
        assertThat(browser.gridCells(GRID)).contains("service_account_key (discouraged)");
        assertThat(secrets.get(accounts.get(admin, "gcp-key").id())).as("the key reached the secret store")
                .hasValueSatisfying(secret -> assertThat(secret.get("keyJson")).isEqualTo(keyJson));
        assertNotInPage(keyId);
        assertNotInPage("BEGIN PRIVATE KEY");
        browser.open("/cloud-accounts");
        browser.waitForGridCell(GRID, "gcp-key");
        assertNotInPage(keyId);
    }

    private void chooseProvider(String label) {
        browser.click("accountProvider");
        WebElement item = browser.waiting().until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(e -> e.getText().trim().equals(label)).findFirst().orElse(null));
        item.click();
    }

    private void chooseMode(String label) {
        WebElement radio = browser.waiting().until(d -> d.findElements(By.cssSelector("#accountMode vaadin-radio-button"))
                .stream().filter(r -> r.getText().startsWith(label)).findFirst().orElse(null));
        radio.click();
    }

    /** Neither the page's markup, its text nor any input's value holds the secret. */
    private void assertNotInPage(String secret) {
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) browser.driver().executeScript(
                "return [document.body.innerText].concat(Array.from(document.querySelectorAll('input, vaadin-password-field,"
                        + " vaadin-text-field')).map(e => String(e.value)));");
        assertThat(values).noneMatch(v -> String.valueOf(v).contains(secret));
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
        browser.byId("tokensView");
    }
}
