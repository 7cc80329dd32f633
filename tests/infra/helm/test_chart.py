"""The Helm chart with a real Helm: lint, render every ci scenario, and check what the rendered manifests promise."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from chart_rendering import CHART, REPO, SCENARIOS, KUBE_VERSION, deployment, of_kind, render, run_helm

SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|ROLE_ID|CREDENTIAL", re.I)
STANDARD_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                   "app.kubernetes.io/managed-by", "helm.sh/chart")


def test_there_are_scenarios():
    assert {"default-values.yaml", "ha-ingress-irsa-values.yaml"} <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_lint_strict(scenario):
    result = run_helm("lint", "--strict", str(CHART), "-f", str(CHART / "ci" / scenario))
    assert "0 chart(s) failed" in result.stdout


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_rendered_manifests_validate_against_kubernetes_schemas(scenario, rendered, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(rendered[scenario])
    result = subprocess.run([sys.executable, "-m", "kubernetes_validate", "-k", KUBE_VERSION, "--strict", str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed for resource deployment/" in result.stdout


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_probes_use_the_appliances_health_endpoints(scenario, manifests):
    container = deployment(manifests[scenario])["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/readiness", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/liveness", "port": "http"}
    assert container["startupProbe"]["httpGet"]["path"] == "/health/liveness"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    configmap = of_kind(manifests[scenario], "ConfigMap")[0]["data"]
    assert str(ports["http"]) == configmap["FLOTILLA_PORT"], "the probed port is the one the appliance listens on"


def test_the_probed_endpoints_exist_in_the_appliance():
    # Micronaut's health endpoint serves /health/liveness and /health/readiness (HealthCallerFilter names them)
    source = (REPO / "app/src/main/java/io/flotilla/api/auth/HealthCallerFilter.java").read_text()
    assert "/health/liveness" in source and "/health/readiness" in source


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_resource_has_the_standard_labels(scenario, manifests):
    for doc in manifests[scenario]:
        labels = doc["metadata"].get("labels", {})
        missing = [label for label in STANDARD_LABELS if label not in labels]
        assert not missing, f"{doc['kind']}/{doc['metadata']['name']} lacks {missing}"
    pod_labels = deployment(manifests[scenario])["spec"]["template"]["metadata"]["labels"]
    selector = deployment(manifests[scenario])["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()
    for service in of_kind(manifests[scenario], "Service"):
        assert service["spec"]["selector"] == selector


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_secret_value_is_rendered_in_plain_text(scenario, manifests, rendered):
    docs = manifests[scenario]
    assert not of_kind(docs, "Secret"), "the chart names existing Secrets, it creates none"
    container = deployment(docs)["spec"]["template"]["spec"]["containers"][0]
    for entry in container["env"]:
        if SECRET_NAME.search(entry["name"]):
            assert "value" not in entry, f"{entry['name']} has a literal value"
            assert "secretKeyRef" in entry["valueFrom"], entry
    names = {e["name"] for e in container["env"]}
    assert {"FLOTILLA_DATABASE_USER", "FLOTILLA_DATABASE_PASSWORD"} <= names
    for key in of_kind(docs, "ConfigMap")[0]["data"]:
        assert not SECRET_NAME.search(key), f"the ConfigMap holds {key}"
    assert not re.search(r"(?i)(password|token|secret)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9+/]{8,}", rendered[scenario]
                         .replace("secretKeyRef", "")), "a secret-looking literal is rendered"


def test_values_yaml_holds_no_secret_value():
    values = yaml.safe_load((CHART / "values.yaml").read_text())

    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, str) and node and re.search(r"(?i)password$|token$|secret$|secretid$", path):
            pytest.fail(f"values.yaml sets {path} to a literal")

    walk(values)


def test_the_ha_scenario_runs_several_replicas_with_a_disruption_budget(manifests):
    docs = manifests["ha-ingress-irsa-values.yaml"]
    assert deployment(docs)["spec"]["replicas"] == 3
    (pdb,) = of_kind(docs, "PodDisruptionBudget")
    assert pdb["spec"]["maxUnavailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"] == deployment(docs)["spec"]["selector"]["matchLabels"]
    assert deployment(docs)["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    (ingress,) = of_kind(docs, "Ingress")
    assert ingress["spec"]["rules"][0]["host"] == "flotilla.internal.example.com"
    paths = {p["path"]: p["backend"]["service"]["port"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths["/api"] == "http" and paths["/"] == "console"
    assert "/metrics" not in paths, "/metrics is unauthenticated: it stays inside the cluster"
    configmap = of_kind(docs, "ConfigMap")[0]["data"]
    assert configmap["FLOTILLA_PUBLIC_URL"] == "https://flotilla.internal.example.com"


def test_a_single_replica_has_no_disruption_budget(manifests):
    docs = manifests["single-rest-only-values.yaml"]
    assert deployment(docs)["spec"]["replicas"] == 1
    assert not of_kind(docs, "PodDisruptionBudget")
    assert not of_kind(docs, "Ingress")
    assert [s["metadata"]["name"] for s in of_kind(docs, "Service")] == ["flotilla"]


def test_cloud_identity_annotations(manifests):
    (irsa,) = of_kind(manifests["ha-ingress-irsa-values.yaml"], "ServiceAccount")
    assert irsa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == "arn:aws:iam::123456789012:role/flotilla-appliance"
    (gke,) = of_kind(manifests["external-vault-kubernetes-gke-values.yaml"], "ServiceAccount")
    assert gke["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] == \
        "flotilla-appliance@project-1.iam.gserviceaccount.com"
    pod = deployment(manifests["ha-ingress-irsa-values.yaml"])["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == irsa["metadata"]["name"]
    assert pod["automountServiceAccountToken"] is True


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pods_run_unprivileged_on_a_read_only_root(scenario, manifests):
    pod = deployment(manifests[scenario])["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    container = pod["containers"][0]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    configmap = of_kind(manifests[scenario], "ConfigMap")[0]["data"]
    assert {configmap["FLOTILLA_DATA_DIR"], "/tmp"} <= mounts, "what the appliance writes is not on the read-only root"
    assert container["resources"]["requests"] and container["resources"]["limits"]


def documented_keys() -> set[str]:
    readme = (REPO / "README.md").read_text()
    return set(re.findall(r"^\| `(FLOTILLA_[A-Z0-9_]+)` \|", readme, re.M))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_setting_the_chart_renders_is_a_documented_key(scenario, manifests):
    container = deployment(manifests[scenario])["spec"]["template"]["spec"]["containers"][0]
    keys = set(of_kind(manifests[scenario], "ConfigMap")[0]["data"]) | {
        e["name"] for e in container["env"] if e["name"].startswith("FLOTILLA_")}
    assert keys - documented_keys() == set()


@pytest.mark.parametrize("sets, message", [
    (("config.FLOTILLA_VAULT_TOKEN=abc",), "values don't meet the specifications of the schema"),
    (("database.url=jdbc:postgresql://user:pw@db:5432/x",), "values don't meet the specifications of the schema"),
    (("database.url=",), "database.url is required"),
    (("vault.addr=",), "vault.addr is required"),
    (("vault.auth.method=token",), "values don't meet the specifications of the schema"),
    (("vault.auth.method=approle",), "vault.auth.approle.existingSecret is required"),
    (("replicaCount=0",), "values don't meet the specifications of the schema"),
])
def test_bad_values_are_refused_with_a_reason(sets, message):
    result = render(CHART / "ci" / "default-values.yaml", *sets, check=False)
    assert result.returncode != 0
    assert message in result.stderr


def test_approle_reads_both_ids_from_an_existing_secret():
    result = render(CHART / "ci" / "default-values.yaml", "vault.auth.method=approle",
                    "vault.auth.approle.existingSecret=flotilla-vault-approle")
    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    env = {e["name"]: e for e in deployment(docs)["spec"]["template"]["spec"]["containers"][0]["env"]}
    for name in ("FLOTILLA_VAULT_ROLE_ID", "FLOTILLA_VAULT_SECRET_ID"):
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "flotilla-vault-approle"


def test_the_keys_the_chart_sets_are_read_by_the_appliance(manifests):
    settings = (REPO / "app/src/main/resources/application.yml").read_text()
    used = set().union(*(of_kind(docs, "ConfigMap")[0]["data"].keys() for docs in manifests.values()))
    used |= {e["name"] for docs in manifests.values() for e in deployment(docs)["spec"]["template"]["spec"]
             ["containers"][0]["env"] if e["name"].startswith("FLOTILLA_")}
    assert {"FLOTILLA_DATABASE_PASSWORD", "FLOTILLA_VAULT_AUTH_METHOD"} <= used
    assert {key for key in used if f"${{{key}:" not in settings} == set()


def test_a_private_ca_trust_store_is_mounted_read_only(manifests):
    pod = deployment(manifests["external-vault-kubernetes-gke-values.yaml"])["spec"]["template"]["spec"]
    assert {"name": "ca", "configMap": {"name": "corporate-ca-truststore"}} in pod["volumes"]
    container = pod["containers"][0]
    assert {"name": "ca", "mountPath": "/etc/flotilla/ca", "readOnly": True} in container["volumeMounts"]
    java = next(e["value"] for e in container["env"] if e["name"] == "JAVA_TOOL_OPTIONS")
    assert "-Djavax.net.ssl.trustStore=/etc/flotilla/ca/truststore.p12" in java


def test_the_image_dockerfile_agrees_with_the_chart_and_the_build():
    dockerfile = (CHART / "image" / "Dockerfile").read_text()
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    uid = values["podSecurityContext"]["runAsUser"]
    assert re.search(rf"^USER {uid}:{values['podSecurityContext']['runAsGroup']}$", dockerfile, re.M)
    artifact = re.search(r"<artifactId>(flotilla-ui)</artifactId>", (REPO / "ui/pom.xml").read_text()).group(1)
    assert f"COPY ui/target/{artifact}-*.jar" in dockerfile, "the jar the ui module builds"
    exposed = set(map(int, re.search(r"^EXPOSE (.+)$", dockerfile, re.M).group(1).split()))
    assert exposed == {values["service"]["port"], values["service"]["consolePort"], values["instanceTls"]["port"]}
    assert "ENV FLOTILLA_DATA_DIR=/var/lib/flotilla" in dockerfile
