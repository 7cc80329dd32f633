# Flotilla control plane in the customer's own Google Cloud project: the appliance (a regional managed instance
# group of the Packer appliance image behind an HTTPS load balancer), PostgreSQL on Cloud SQL, and the service
# accounts of the appliance and of cluster instances. Topic files: network.tf, firewall.tf, appliance.tf, lb.tf,
# sql.tf, iam.tf, vault.tf, config.tf.
#
# The appliance's custom role is roles/flotilla-ongoing.json, generated from the app's GcpPermissionManifest (as the
# AWS module's policies are from AwsPermissionManifest); extra_appliance_permissions may add to it.

locals {
  # The installation's id, as on AWS: the label value of what the appliance creates. Stable for a project, region
  # and name unless given explicitly.
  appliance_id = coalesce(var.appliance_id, uuidv5("url", "flotilla:${var.project_id}:${var.region}:${var.name}"))

  # Every labelled resource of this module gets these (per-resource labels are merged on top).
  labels = merge(var.labels, { "flotilla-installation" = var.name })

  public_url       = "https://${coalesce(var.domain_name, google_compute_global_address.this.address)}"
  instance_tls_url = "https://${google_compute_forwarding_rule.agents.ip_address}:${local.instance_tls_port}"

  api_port          = 8080
  console_port      = 8081
  instance_tls_port = 8443

  appliance_network_tag = "${var.name}-appliance"
  worker_network_tag    = "${var.name}-worker"
}
