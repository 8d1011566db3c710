/**
 * One flagged and one clean Terraform configuration per Google Cloud rule, written for Rampart.
 * Lines ending in `#!` are where the rule must report (exactly those lines, once each). Clean
 * configurations include the near misses a rule must not flag (unknown values, private ranges,
 * disabled resources).
 */
import type { CloudCase } from './harness.js';

/** A variable without a default: its value is Unknown and no rule may report on it. */
const UNKNOWN_VAR = 'variable "unknown" {}\n';

export const gcpCases: CloudCase[] = [
  // ---------------------------------------------------------------- firewall
  {
    rule: 'gcp/compute-firewall-ssh-open',
    tf: {
      flagged: `
resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "range" {
  name          = "allow-range"
  network       = "default"
  direction     = "INGRESS"
  source_ranges = ["10.0.0.0/8", "::/0"] #!
  allow {
    protocol = "tcp"
    ports    = ["20-25", 443]
  }
}
resource "google_compute_firewall" "nosource" { #!
  name    = "allow-ssh-anywhere"
  network = "default"
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
variable "admin_ranges" {
  default = ["0.0.0.0/0"]
}
variable "admin_ports" {
  default = { ssh = "22", rdp = "3389" }
}
resource "google_compute_firewall" "from_vars" {
  name          = "admin"
  network       = "default"
  source_ranges = var.admin_ranges #!
  dynamic "allow" {
    for_each = var.admin_ports
    content {
      protocol = "tcp"
      ports    = [allow.value]
    }
  }
}
# The same exposure written as firewall policy rules.
resource "google_compute_network_firewall_policy_rule" "ssh" {
  firewall_policy = "projects/p/global/firewallPolicies/edge"
  priority        = 1000
  action          = "allow"
  direction       = "INGRESS"
  match {
    src_ip_ranges = ["198.51.100.0/24", "0.0.0.0/0"] #!
    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["22", "443"]
    }
  }
}
resource "google_compute_firewall_policy_rule" "org_ssh" {
  firewall_policy = "locations/global/firewallPolicies/123"
  priority        = 2000
  action          = "allow"
  direction       = "INGRESS"
  match {
    src_ip_ranges = ["::/0"] #!
    layer4_configs {
      ip_protocol = "6"
      ports       = ["20-30"]
    }
  }
}
`,
      clean: `${UNKNOWN_VAR}
resource "google_compute_firewall" "iap" {
  name          = "allow-ssh-iap"
  network       = "default"
  source_ranges = ["35.235.240.0/20"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
# Policy rules that deny, go egress, are disabled, or match other sources.
resource "google_compute_region_network_firewall_policy_rule" "deny_ssh" {
  firewall_policy = "projects/p/regions/europe-west1/firewallPolicies/edge"
  region          = "europe-west1"
  priority        = 100
  action          = "deny"
  direction       = "INGRESS"
  match {
    src_ip_ranges = ["0.0.0.0/0"]
    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["22"]
    }
  }
}
resource "google_compute_network_firewall_policy_rule" "egress_ssh" {
  firewall_policy = "projects/p/global/firewallPolicies/edge"
  priority        = 200
  action          = "allow"
  direction       = "EGRESS"
  match {
    dest_ip_ranges = ["0.0.0.0/0"]
    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["22"]
    }
  }
}
resource "google_compute_network_firewall_policy_rule" "off" {
  firewall_policy = "projects/p/global/firewallPolicies/edge"
  priority        = 300
  action          = "allow"
  direction       = "INGRESS"
  disabled        = true
  match {
    src_ip_ranges = ["0.0.0.0/0"]
    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["22"]
    }
  }
}
resource "google_compute_network_firewall_policy_rule" "tagged" {
  firewall_policy = "projects/p/global/firewallPolicies/edge"
  priority        = 400
  action          = "allow"
  direction       = "INGRESS"
  match {
    src_secure_tags {
      name = "tagValues/123"
    }
    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["22"]
    }
  }
}
resource "google_compute_firewall" "web" {
  name          = "allow-web"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["80", "443", "8000-8080"]
  }
}
resource "google_compute_firewall" "disabled" {
  name          = "old-ssh"
  network       = "default"
  disabled      = true
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "egress" {
  name               = "egress-ssh"
  network            = "default"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  source_ranges      = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "unknown_ports" {
  name          = "unknown"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = var.unknown
  }
}
resource "google_compute_firewall" "tagged" {
  name        = "from-bastion"
  network     = "default"
  source_tags = ["bastion"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "udp22" {
  name          = "udp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "udp"
    ports    = ["22"]
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-firewall-rdp-open',
    tf: {
      flagged: {
        'main.tf': `
resource "google_compute_firewall" "rdp" {
  name    = "allow-rdp"
  network = "default"
  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
  source_ranges = ["0.0.0.0/0"] #!
}
module "windows" {
  source  = "./modules/windows-fw"
  sources = ["0.0.0.0/0"]
}
`,
        'modules/windows-fw/main.tf': `
variable "sources" {
  type = list(string)
}
resource "google_compute_firewall" "rdp" {
  name          = "module-rdp"
  network       = "default"
  source_ranges = var.sources #!
  allow {
    protocol = "tcp"
    ports    = ["3380-3390"]
  }
}
# RDP's UDP transport listens on the same port.
resource "google_compute_firewall" "rdp_udp" {
  name          = "module-rdp-udp"
  network       = "default"
  source_ranges = ["::/0"] #!
  allow {
    protocol = "udp"
    ports    = ["53", "3000-4000"]
  }
}
`,
      },
      clean: `
resource "google_compute_firewall" "rdp" {
  name    = "allow-rdp"
  network = "default"
  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
  source_ranges = ["203.0.113.0/24"]
}
`,
    },
  },
  {
    rule: 'gcp/compute-firewall-database-open',
    tf: {
      flagged: `
resource "google_compute_firewall" "db" {
  name          = "allow-db"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "tcp"
    ports    = ["5432", "3306"]
  }
}
`,
      clean: `
resource "google_compute_firewall" "db" {
  name          = "allow-db"
  network       = "default"
  source_ranges = ["10.10.0.0/16"]
  source_tags   = ["app"]
  allow {
    protocol = "tcp"
    ports    = ["5432", "3306"]
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-firewall-admin-port-open',
    tf: {
      flagged: `
resource "google_compute_firewall" "legacy" {
  name          = "legacy-admin"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "tcp"
    ports    = ["23", "445", "5985-5986"]
  }
}
`,
      clean: `
resource "google_compute_firewall" "legacy" {
  name          = "legacy-admin"
  network       = "default"
  source_ranges = ["192.168.10.0/24"]
  allow {
    protocol = "tcp"
    ports    = ["23", "445", "5985-5986"]
  }
}
resource "google_compute_firewall" "web" {
  name          = "web"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-firewall-all-ports-open',
    tf: {
      flagged: `
resource "google_compute_firewall" "all" {
  name          = "allow-all"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "all"
  }
}
resource "google_compute_firewall" "tcp_all" {
  name          = "allow-tcp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "tcp"
  }
}
resource "google_compute_firewall" "span" {
  name          = "allow-span"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #!
  allow {
    protocol = "udp"
    ports    = ["0-65535"]
  }
}
resource "google_compute_network_firewall_policy_rule" "everything" {
  firewall_policy = "projects/p/global/firewallPolicies/edge"
  priority        = 1000
  action          = "allow"
  direction       = "INGRESS"
  match {
    src_ip_ranges = ["0.0.0.0/0"] #!
    layer4_configs {
      ip_protocol = "all"
    }
  }
}
`,
      clean: `
resource "google_compute_firewall" "internal" {
  name          = "allow-internal"
  network       = "default"
  source_ranges = ["10.128.0.0/9"]
  allow {
    protocol = "all"
  }
}
resource "google_compute_firewall" "icmp" {
  name          = "allow-icmp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "icmp"
  }
}
resource "google_compute_firewall" "deny" {
  name          = "deny-all"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  deny {
    protocol = "all"
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-firewall-logging-disabled',
    tf: {
      flagged: `
resource "google_compute_firewall" "web" { #!
  name          = "allow-web"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}
`,
      clean: `
resource "google_compute_firewall" "web" {
  name          = "allow-web"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
resource "google_compute_firewall" "deny" {
  name    = "deny-telnet"
  network = "default"
  deny {
    protocol = "tcp"
    ports    = ["23"]
  }
}
`,
    },
  },

  // ---------------------------------------------------------------- instances
  {
    rule: 'gcp/compute-instance-public-ip',
    tf: {
      flagged: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
    access_config { #!
    }
  }
}
resource "google_compute_instance_template" "tpl" {
  machine_type = "e2-small"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  network_interface {
    network = "other"
    access_config { #!
      network_tier = "PREMIUM"
    }
  }
}
resource "google_compute_instance" "v6" {
  name         = "v6"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "dual-stack"
    stack_type = "IPV4_IPV6"
    ipv6_access_config { #!
      network_tier = "PREMIUM"
    }
  }
}
`,
      clean: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-instance-ip-forwarding',
    tf: {
      flagged: `
resource "google_compute_instance" "nat" {
  name           = "nat"
  machine_type   = "e2-small"
  zone           = "us-central1-a"
  can_ip_forward = true #!
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
      clean: `${UNKNOWN_VAR}
resource "google_compute_instance" "a" {
  name           = "a"
  machine_type   = "e2-small"
  zone           = "us-central1-a"
  can_ip_forward = false
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
resource "google_compute_instance" "b" {
  name           = "b"
  machine_type   = "e2-small"
  zone           = "us-central1-a"
  can_ip_forward = var.unknown
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-serial-port-enabled',
    tf: {
      flagged: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  metadata = {
    serial-port-enable = "TRUE" #!
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
resource "google_compute_project_metadata_item" "serial" {
  key   = "serial-port-enable"
  value = "1" #!
}
resource "google_compute_project_metadata" "all" {
  metadata = {
    "serial-port-enable" = true #!
  }
}
`,
      clean: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  metadata = {
    serial-port-enable = "FALSE"
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
`,
    },
  },
  {
    rule: 'gcp/compute-oslogin-disabled',
    tf: {
      flagged: {
        'main.tf': `
resource "google_compute_project_metadata" "meta" {
  metadata = {
    enable-oslogin = "FALSE" #!
  }
}
resource "google_compute_instance_template" "tpl" {
  machine_type = "e2-small"
  metadata = {
    enable-oslogin = false #!
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
}
`,
        // Authoritative project metadata without the key: OS Login keeps its default, off.
        'other/main.tf': `
resource "google_compute_project_metadata" "shared" {
  metadata = { #!
    serial-port-logging-enable = "TRUE"
  }
}
`,
      },
      clean: {
        'main.tf': `
resource "google_compute_project_metadata" "meta" {
  metadata = {
    enable-oslogin = "TRUE"
  }
}
resource "google_compute_project_metadata_item" "other" {
  key   = "startup-script"
  value = "false"
}
`,
        'other/main.tf': `
resource "google_compute_project_metadata" "shared" {
  metadata = {
    block-project-ssh-keys = "TRUE"
  }
}
resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
`,
      },
    },
  },
  {
    rule: 'gcp/compute-instance-project-ssh-keys',
    tf: {
      flagged: `
resource "google_compute_instance" "none" { #!
  name         = "none"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
resource "google_compute_instance" "off" {
  name         = "off"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  metadata = {
    block-project-ssh-keys = "false" #!
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
      clean: {
        'main.tf': `
resource "google_compute_instance" "blocked" {
  name         = "blocked"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  metadata = {
    block-project-ssh-keys = true
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
resource "google_compute_instance" "oslogin" {
  name         = "oslogin"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  metadata = {
    enable-oslogin = "TRUE"
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
        'project.tf': `
resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
resource "google_compute_instance" "project_oslogin" {
  name         = "p"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
      },
    },
  },
  {
    rule: 'gcp/compute-instance-shielded-vm-disabled',
    tf: {
      flagged: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  shielded_instance_config {
    enable_secure_boot          = false #!
    enable_vtpm                 = true
    enable_integrity_monitoring = false #!
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
      clean: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  shielded_instance_config {
    enable_secure_boot = true
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-instance-default-sa-full-access',
    tf: {
      flagged: `
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["cloud-platform"] #!
  }
}
resource "google_compute_instance_template" "tpl" {
  machine_type = "e2-small"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["https://www.googleapis.com/auth/cloud-platform"] #!
  }
}
`,
      clean: `
resource "google_service_account" "app" {
  account_id = "app-vm"
}
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = google_service_account.app.email
    scopes = ["cloud-platform"]
  }
}
resource "google_compute_instance" "narrow" {
  name         = "narrow"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["logging-write", "monitoring-write"]
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-instance-default-service-account',
    tf: {
      flagged: `
resource "google_compute_instance" "explicit" {
  name         = "explicit"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com" #!
    scopes = ["cloud-platform"]
  }
}
resource "google_compute_instance" "implicit" { #!
  name         = "implicit"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["logging-write"]
  }
}
`,
      clean: `
resource "google_service_account" "app" {
  account_id = "app-vm"
}
resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = google_service_account.app.email
    scopes = ["cloud-platform"]
  }
}
resource "google_compute_instance" "full" {
  name         = "full"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["cloud-platform"]
  }
}
resource "google_compute_instance" "none" {
  name         = "none"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}
`,
    },
  },
  {
    rule: 'gcp/compute-disk-no-cmek',
    tf: {
      flagged: `
resource "google_compute_disk" "data" { #!
  name = "data"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100
}
`,
      clean: `
resource "google_compute_disk" "data" {
  name = "data"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100
  disk_encryption_key {
    kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
  }
}
`,
    },
  },

  // ---------------------------------------------------------------- network
  {
    rule: 'gcp/compute-subnet-private-google-access',
    tf: {
      flagged: `
resource "google_compute_subnetwork" "a" { #!
  name          = "a"
  ip_cidr_range = "10.0.0.0/24"
  network       = "vpc"
}
resource "google_compute_subnetwork" "b" {
  name                     = "b"
  ip_cidr_range            = "10.0.1.0/24"
  network                  = "vpc"
  private_ip_google_access = false #!
}
`,
      clean: `
resource "google_compute_subnetwork" "a" {
  name                     = "a"
  ip_cidr_range            = "10.0.0.0/24"
  network                  = "vpc"
  private_ip_google_access = true
}
resource "google_compute_subnetwork" "proxy" {
  name          = "proxy-only"
  ip_cidr_range = "10.129.0.0/23"
  network       = "vpc"
  purpose       = "REGIONAL_MANAGED_PROXY"
  role          = "ACTIVE"
}
`,
    },
  },
  {
    rule: 'gcp/compute-subnet-flow-logs-disabled',
    tf: {
      flagged: `
resource "google_compute_subnetwork" "a" { #!
  name                     = "a"
  ip_cidr_range            = "10.0.0.0/24"
  network                  = "vpc"
  private_ip_google_access = true
}
`,
      clean: `
resource "google_compute_subnetwork" "a" {
  name                     = "a"
  ip_cidr_range            = "10.0.0.0/24"
  network                  = "vpc"
  private_ip_google_access = true
  log_config {
    aggregation_interval = "INTERVAL_10_MIN"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}
resource "google_compute_subnetwork" "psc" {
  name          = "psc"
  ip_cidr_range = "10.1.0.0/24"
  network       = "vpc"
  purpose       = "PRIVATE_SERVICE_CONNECT"
}
`,
    },
  },
  {
    rule: 'gcp/compute-ssl-policy-weak-tls',
    tf: {
      flagged: `
resource "google_compute_ssl_policy" "default_tls" { #!
  name    = "default-tls"
  profile = "MODERN"
}
resource "google_compute_ssl_policy" "old" {
  name            = "old"
  profile         = "MODERN"
  min_tls_version = "TLS_1_1" #!
}
`,
      clean: `
resource "google_compute_ssl_policy" "good" {
  name            = "good"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_2"
}
`,
    },
  },
  {
    rule: 'gcp/compute-ssl-policy-weak-ciphers',
    tf: {
      flagged: `
resource "google_compute_ssl_policy" "compat" {
  name            = "compat"
  profile         = "COMPATIBLE" #!
  min_tls_version = "TLS_1_2"
}
`,
      clean: `
resource "google_compute_ssl_policy" "modern" {
  name            = "modern"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}
`,
    },
  },
  {
    rule: 'gcp/compute-https-proxy-no-ssl-policy',
    tf: {
      flagged: `
resource "google_compute_target_https_proxy" "web" { #!
  name             = "web"
  url_map          = "projects/p/global/urlMaps/web"
  ssl_certificates = ["projects/p/global/sslCertificates/web"]
}
`,
      clean: `
resource "google_compute_ssl_policy" "tls12" {
  name            = "tls12"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}
resource "google_compute_target_https_proxy" "web" {
  name             = "web"
  url_map          = "projects/p/global/urlMaps/web"
  ssl_certificates = ["projects/p/global/sslCertificates/web"]
  ssl_policy       = google_compute_ssl_policy.tls12.id
}
`,
    },
  },

  // ---------------------------------------------------------------- storage
  {
    rule: 'gcp/storage-bucket-uniform-access-disabled',
    tf: {
      flagged: `
resource "google_storage_bucket" "missing" { #!
  name     = "missing-ubla"
  location = "EU"
}
resource "google_storage_bucket" "off" {
  name                        = "off-ubla"
  location                    = "EU"
  uniform_bucket_level_access = false #!
}
`,
      clean: `${UNKNOWN_VAR}
resource "google_storage_bucket" "on" {
  name                        = "on-ubla"
  location                    = "EU"
  uniform_bucket_level_access = true
}
resource "google_storage_bucket" "unknown" {
  name                        = "unknown-ubla"
  location                    = "EU"
  uniform_bucket_level_access = var.unknown
}
`,
    },
  },
  {
    rule: 'gcp/storage-bucket-public-access-prevention',
    tf: {
      flagged: `
resource "google_storage_bucket" "missing" { #!
  name     = "missing-pap"
  location = "EU"
}
resource "google_storage_bucket" "inherited" {
  name                     = "inherited-pap"
  location                 = "EU"
  public_access_prevention = "inherited" #!
}
`,
      clean: `
resource "google_storage_bucket" "enforced" {
  name                     = "enforced-pap"
  location                 = "EU"
  public_access_prevention = "enforced"
}
`,
    },
  },
  {
    rule: 'gcp/storage-bucket-versioning-disabled',
    tf: {
      flagged: `
resource "google_storage_bucket" "missing" { #!
  name     = "no-versioning"
  location = "EU"
}
resource "google_storage_bucket" "off" {
  name     = "versioning-off"
  location = "EU"
  versioning {
    enabled = false #!
  }
}
`,
      clean: `
resource "google_storage_bucket" "on" {
  name     = "versioned"
  location = "EU"
  versioning {
    enabled = true
  }
}
`,
    },
  },
  {
    rule: 'gcp/storage-bucket-logging-disabled',
    tf: {
      flagged: `
resource "google_storage_bucket" "data" { #!
  name     = "data"
  location = "EU"
}
`,
      clean: `
resource "google_storage_bucket" "data" {
  name     = "data"
  location = "EU"
  logging {
    log_bucket = "access-logs"
  }
}
`,
    },
  },
  {
    rule: 'gcp/storage-bucket-public',
    tf: {
      flagged: `
resource "google_storage_bucket_iam_member" "public" {
  bucket = "site"
  role   = "roles/storage.objectViewer"
  member = "allUsers" #!
}
resource "google_storage_bucket_iam_binding" "auth" {
  bucket = "site"
  role   = "roles/storage.objectViewer"
  members = [
    "group:web@example.com",
    "allAuthenticatedUsers", #!
  ]
}
resource "google_storage_bucket_access_control" "acl" {
  bucket = "site"
  role   = "READER"
  entity = "allUsers" #!
}
resource "google_storage_bucket_acl" "pre" {
  bucket         = "site"
  predefined_acl = "publicRead" #!
}
resource "google_storage_bucket_iam_policy" "policy" {
  bucket = "site"
  policy_data = jsonencode({ #!
    bindings = [{ role = "roles/storage.objectViewer", members = ["allUsers"] }]
  })
}
`,
      clean: `
resource "google_storage_bucket_iam_member" "reader" {
  bucket = "site"
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:web@p.iam.gserviceaccount.com"
}
resource "google_storage_bucket_acl" "private" {
  bucket         = "site"
  predefined_acl = "projectPrivate"
  role_entity    = ["OWNER:project-owners-123"]
}
resource "google_storage_bucket_iam_policy" "policy" {
  bucket = "site"
  policy_data = jsonencode({
    bindings = [{ role = "roles/storage.objectViewer", members = ["group:web@example.com"] }]
  })
}
`,
    },
  },

  // ---------------------------------------------------------------- IAM
  {
    rule: 'gcp/iam-primitive-role',
    tf: {
      flagged: `
resource "google_project_iam_member" "owner" {
  project = "p"
  role    = "roles/owner" #!
  member  = "user:alice@example.com"
}
resource "google_folder_iam_binding" "editor" {
  folder  = "folders/123"
  role    = "roles/editor" #!
  members = ["serviceAccount:ci@p.iam.gserviceaccount.com"]
}
`,
      clean: `${UNKNOWN_VAR}
resource "google_project_iam_member" "viewer" {
  project = "p"
  role    = "roles/compute.viewer"
  member  = "user:alice@example.com"
}
resource "google_project_iam_member" "unknown" {
  project = "p"
  role    = var.unknown
  member  = "user:bob@example.com"
}
resource "google_project_iam_binding" "emptied" {
  project = "p"
  role    = "roles/owner"
  members = []
}
`,
    },
  },
  {
    rule: 'gcp/iam-service-account-impersonation-wide',
    tf: {
      flagged: `
resource "google_project_iam_member" "sa_user" {
  project = "p"
  role    = "roles/iam.serviceAccountUser" #!
  member  = "group:devs@example.com"
}
resource "google_project_iam_binding" "token" {
  project = "p"
  role    = "roles/iam.serviceAccountTokenCreator" #!
  members = ["user:ci@example.com"]
}
# Can grant itself Token Creator on any service account of the folder.
resource "google_folder_iam_member" "sa_admin" {
  folder = "folders/123"
  role   = "roles/iam.serviceAccountAdmin" #!
  member = "serviceAccount:provisioner@p.iam.gserviceaccount.com"
}
# Can mint a key for any service account of the project.
resource "google_project_iam_member" "key_admin" {
  project = "p"
  role    = "roles/iam.serviceAccountKeyAdmin" #!
  member  = "group:ops@example.com"
}
`,
      clean: `
resource "google_service_account" "deployer" {
  account_id = "deployer"
}
resource "google_service_account_iam_member" "sa_user" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.serviceAccountUser"
  member             = "group:devs@example.com"
}
resource "google_project_iam_member" "viewer" {
  project = "p"
  role    = "roles/iam.serviceAccountViewer"
  member  = "group:devs@example.com"
}
`,
    },
  },
  {
    rule: 'gcp/iam-service-account-key',
    tf: {
      flagged: `
resource "google_service_account" "ci" {
  account_id = "ci"
}
resource "google_service_account_key" "ci" { #!
  service_account_id = google_service_account.ci.name
}
resource "google_storage_hmac_key" "ci" { #!
  service_account_email = google_service_account.ci.email
}
`,
      clean: `
resource "google_service_account" "ci" {
  account_id = "ci"
}
resource "google_iam_workload_identity_pool" "gh" {
  workload_identity_pool_id = "github"
}
resource "google_storage_hmac_key" "old" {
  service_account_email = google_service_account.ci.email
  state                 = "INACTIVE"
}
`,
    },
  },
  {
    rule: 'gcp/iam-public-member',
    tf: {
      flagged: `
resource "google_secret_manager_secret_iam_member" "public" {
  secret_id = "api-key"
  role      = "roles/secretmanager.secretAccessor"
  member    = "allUsers" #!
}
resource "google_artifact_registry_repository_iam_binding" "images" {
  location   = "europe-west1"
  repository = "images"
  role       = "roles/artifactregistry.reader"
  members    = ["allAuthenticatedUsers"] #!
}
resource "google_project_iam_member" "anyone" {
  project = "p"
  role    = "roles/viewer"
  member  = "allAuthenticatedUsers" #!
}
`,
      clean: `
resource "google_secret_manager_secret_iam_member" "app" {
  secret_id = "api-key"
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:app@p.iam.gserviceaccount.com"
}
resource "google_artifact_registry_repository_iam_binding" "images" {
  location   = "europe-west1"
  repository = "images"
  role       = "roles/artifactregistry.reader"
  members    = ["domain:example.com"]
}
`,
    },
  },

  // ---------------------------------------------------------------- Cloud SQL
  {
    rule: 'gcp/sql-public-authorized-network',
    tf: {
      flagged: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
      authorized_networks {
        name  = "anyone"
        value = "0.0.0.0/0" #!
      }
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "private" {
  name             = "private"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/p/global/networks/vpc"
      authorized_networks {
        name  = "stale"
        value = "0.0.0.0/0"
      }
    }
  }
}
resource "google_sql_database_instance" "office" {
  name             = "office"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-ssl-not-required',
    tf: {
      flagged: `
resource "google_sql_database_instance" "plain" {
  name             = "plain"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED" #!
    }
  }
}
resource "google_sql_database_instance" "legacy" {
  name             = "legacy"
  database_version = "POSTGRES_14"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      require_ssl = false #!
    }
  }
}
resource "google_compute_network" "vpc" {
  name = "vpc"
}
# Left at the default and reachable over private IP from the VPC.
resource "google_sql_database_instance" "unset" { #!
  name             = "unset"
  database_version = "POSTGRES_14"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.vpc.id
    }
  }
}
variable "sql_network" {
  type = string
}
# The network comes from a variable: unknown here, but set all the same.
resource "google_sql_database_instance" "from_var" { #!
  name             = "from-var"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled    = false
      private_network = var.sql_network
    }
  }
}
# Left at the default and reachable from an authorized network over the public IP.
resource "google_sql_database_instance" "office" { #!
  name             = "office"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
    }
  }
}
# Left at the default and reachable through Private Service Connect.
resource "google_sql_database_instance" "psc" { #!
  name             = "psc"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = false
      psc_config {
        psc_enabled               = true
        allowed_consumer_projects = ["consumer-project"]
      }
    }
  }
}
resource "google_sql_database_instance" "unspecified" {
  name             = "unspecified"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      private_network = "projects/p/global/networks/vpc"
      ssl_mode        = "ssl_mode_unspecified" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "tls" {
  name             = "tls"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ssl_mode = "ENCRYPTED_ONLY"
    }
  }
}
resource "google_sql_database_instance" "legacy" {
  name             = "legacy"
  database_version = "POSTGRES_14"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      require_ssl = true
    }
  }
}
# Default ssl_mode, but no private IP, PSC or authorized network: only Cloud SQL connectors
# (Auth Proxy, language connectors), which always use TLS, can connect.
resource "google_sql_database_instance" "connectors_only" {
  name             = "connectors-only"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-f1-micro"
  }
}
resource "google_sql_database_instance" "public_no_networks" {
  name             = "public-no-networks"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
    }
  }
}
# Authorized networks on an instance without a public address open nothing.
resource "google_sql_database_instance" "no_public_ip" {
  name             = "no-public-ip"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = false
      authorized_networks {
        value = "203.0.113.0/24"
      }
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-backups-disabled',
    tf: {
      flagged: `
resource "google_sql_database_instance" "none" { #!
  name             = "none"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
  }
}
resource "google_sql_database_instance" "off" {
  name             = "off"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled = false #!
    }
  }
}
resource "google_sql_database_instance" "implicit" { #!
  name             = "implicit"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      start_time = "03:00"
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "on" {
  name             = "on"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled            = true
      binary_log_enabled = true
    }
  }
}
resource "google_sql_database_instance" "replica" {
  name                 = "replica"
  database_version     = "MYSQL_8_0"
  master_instance_name = google_sql_database_instance.on.name
  settings {
    tier = "db-f1-micro"
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-mysql-local-infile',
    tf: {
      flagged: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "local_infile"
      value = "on" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "local_infile"
      value = "off"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-mysql-show-database-allowed',
    tf: {
      flagged: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "MYSQL_5_7"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "skip_show_database"
      value = "off" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "MYSQL_5_7"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "skip_show_database"
      value = "on"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-postgres-logging-off',
    tf: {
      flagged: `
resource "google_sql_database_instance" "pg" {
  name             = "pg"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_connections"
      value = "off" #!
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "off" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "pg" {
  name             = "pg"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
  }
}
resource "google_sql_database_instance" "mysql" {
  name             = "mysql"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_connections"
      value = "off"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-sqlserver-contained-db-auth',
    tf: {
      flagged: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "contained database authentication"
      value = "on" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "contained database authentication"
      value = "off"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-sqlserver-cross-db-ownership-chaining',
    tf: {
      flagged: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "cross db ownership chaining"
      value = "on" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "cross db ownership chaining"
      value = "off"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-sqlserver-external-scripts',
    tf: {
      flagged: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2022_ENTERPRISE"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "external scripts enabled"
      value = "on" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2022_ENTERPRISE"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "external scripts enabled"
      value = "off"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-sqlserver-remote-access',
    tf: {
      flagged: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "remote access"
      value = "on" #!
    }
  }
}
`,
      clean: `
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "remote access"
      value = "off"
    }
  }
}
resource "google_sql_database_instance" "pg" {
  name             = "pg"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "remote access"
      value = "on"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/sql-hardcoded-password',
    tf: {
      flagged: `
variable "db_password" {
  default = "Sup3r-Secret!"
}
resource "google_sql_user" "app" {
  name     = "app"
  instance = "db"
  password = var.db_password #!
}
resource "google_sql_database_instance" "ms" {
  name             = "ms"
  database_version = "SQLSERVER_2019_STANDARD"
  root_password    = "An0ther-Secret" #!
  settings {
    tier = "db-custom-2-7680"
  }
}
`,
      clean: `
variable "db_password" {
  sensitive = true
}
resource "random_password" "app" {
  length = 24
}
resource "google_sql_user" "app" {
  name     = "app"
  instance = "db"
  password = random_password.app.result
}
resource "google_sql_user" "ops" {
  name     = "ops"
  instance = "db"
  password = var.db_password
}
resource "google_sql_user" "iam" {
  name     = "svc@p.iam.gserviceaccount.com"
  instance = "db"
  type     = "CLOUD_IAM_SERVICE_ACCOUNT"
}
`,
    },
  },

  // ---------------------------------------------------------------- GKE
  {
    rule: 'gcp/gke-legacy-abac',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = true #!
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = false
}
`,
    },
  },
  {
    rule: 'gcp/gke-control-plane-open',
    tf: {
      flagged: `
resource "google_container_cluster" "none" { #!
  name               = "none"
  location           = "europe-west1"
  initial_node_count = 1
}
resource "google_container_cluster" "open" {
  name               = "open"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = true #!
    cidr_blocks {
      cidr_block   = "0.0.0.0/0" #!
      display_name = "all"
    }
  }
}
resource "google_container_cluster" "ip_on" { #!
  name               = "ip-on"
  location           = "europe-west1"
  initial_node_count = 1
  control_plane_endpoints_config {
    ip_endpoints_config {
      enabled = true
    }
  }
}
`,
      clean: `
resource "google_container_cluster" "office" {
  name               = "office"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }
  }
}
resource "google_container_cluster" "private" {
  name               = "private"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}
# DNS-based control plane endpoint only: there is no IP endpoint to restrict.
resource "google_container_cluster" "dns_only" {
  name               = "dns-only"
  location           = "europe-west1"
  initial_node_count = 1
  control_plane_endpoints_config {
    dns_endpoint_config {
      allow_external_traffic = true
    }
    ip_endpoints_config {
      enabled = false
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-private-nodes-disabled',
    tf: {
      flagged: `
resource "google_container_cluster" "none" { #!
  name               = "none"
  location           = "europe-west1"
  initial_node_count = 1
}
resource "google_container_cluster" "off" {
  name               = "off"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes = false #!
  }
}
resource "google_container_cluster" "endpoint_only" { #!
  name               = "endpoint-only"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    master_ipv4_cidr_block = "172.16.0.0/28"
  }
}
`,
      clean: `
resource "google_container_cluster" "private" {
  name               = "private"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes   = true
    master_ipv4_cidr_block = "172.16.0.0/28"
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-network-policy-disabled',
    tf: {
      flagged: `
resource "google_container_cluster" "none" { #!
  name               = "none"
  location           = "europe-west1"
  initial_node_count = 1
}
resource "google_container_cluster" "off" {
  name               = "off"
  location           = "europe-west1"
  initial_node_count = 1
  network_policy {
    enabled = false #!
  }
}
`,
      clean: `
resource "google_container_cluster" "calico" {
  name               = "calico"
  location           = "europe-west1"
  initial_node_count = 1
  network_policy {
    enabled  = true
    provider = "CALICO"
  }
}
resource "google_container_cluster" "dpv2" {
  name               = "dpv2"
  location           = "europe-west1"
  initial_node_count = 1
  datapath_provider  = "ADVANCED_DATAPATH"
}
resource "google_container_cluster" "autopilot" {
  name             = "autopilot"
  location         = "europe-west1"
  enable_autopilot = true
}
`,
    },
  },
  {
    rule: 'gcp/gke-legacy-client-auth',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  master_auth {
    username = "admin" #!
    password = "correct-horse-battery-staple"
    client_certificate_config {
      issue_client_certificate = true #!
    }
  }
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-workload-identity-disabled',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" { #!
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "my-project.svc.id.goog"
  }
}
resource "google_container_cluster" "autopilot" {
  name             = "autopilot"
  location         = "europe-west1"
  enable_autopilot = true
}
`,
    },
  },
  {
    rule: 'gcp/gke-legacy-metadata-endpoints',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  node_config {
    metadata = {
      disable-legacy-endpoints = "false" #!
    }
  }
}
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = google_container_cluster.gke.id
  node_config {
    machine_type = "e2-medium"
    metadata = {
      "disable-legacy-endpoints" = false #!
    }
  }
}
`,
      clean: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  node_config {
    machine_type = "e2-medium"
    metadata = {
      disable-legacy-endpoints = "true"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-node-metadata-exposed',
    tf: {
      flagged: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  node_config {
    workload_metadata_config {
      mode = "GCE_METADATA" #!
    }
  }
}
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  node_config {
    workload_metadata_config {
      node_metadata = "EXPOSE" #!
    }
  }
}
`,
      clean: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  node_config {
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-shielded-nodes-disabled',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name                  = "gke"
  location              = "europe-west1"
  initial_node_count    = 1
  enable_shielded_nodes = false #!
}
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  node_config {
    shielded_instance_config {
      enable_secure_boot          = false #!
      enable_integrity_monitoring = false #!
    }
  }
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name                  = "gke"
  location              = "europe-west1"
  initial_node_count    = 1
  enable_shielded_nodes = true
  node_config {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-node-auto-repair-disabled',
    tf: {
      flagged: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  management {
    auto_repair  = false #!
    auto_upgrade = true
  }
}
resource "google_container_cluster" "inline" {
  name     = "inline"
  location = "europe-west1"
  node_pool {
    name = "default"
    management {
      auto_repair = false #!
    }
  }
}
`,
      clean: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  management {
    auto_repair  = true
    auto_upgrade = true
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-node-auto-upgrade-disabled',
    tf: {
      flagged: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  management {
    auto_repair  = true
    auto_upgrade = false #!
  }
}
`,
      clean: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  management {
    auto_upgrade = true
  }
}
resource "google_container_node_pool" "defaults" {
  name    = "defaults"
  cluster = "gke"
}
`,
    },
  },
  {
    rule: 'gcp/gke-node-image-not-cos',
    tf: {
      flagged: `
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "gke"
  node_config {
    image_type = "UBUNTU_CONTAINERD" #!
  }
}
`,
      clean: `
resource "google_container_node_pool" "cos" {
  name    = "cos"
  cluster = "gke"
  node_config {
    image_type = "COS_CONTAINERD"
  }
}
resource "google_container_node_pool" "win" {
  name    = "win"
  cluster = "gke"
  node_config {
    image_type = "WINDOWS_LTSC_CONTAINERD"
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-node-default-service-account',
    tf: {
      flagged: `
resource "google_container_node_pool" "none" { #!
  name    = "none"
  cluster = "gke"
}
resource "google_container_node_pool" "unset" { #!
  name    = "unset"
  cluster = "gke"
  node_config {
    machine_type = "e2-medium"
  }
}
resource "google_container_node_pool" "explicit" {
  name    = "explicit"
  cluster = "gke"
  node_config {
    service_account = "default" #!
  }
}
`,
      clean: `
resource "google_service_account" "nodes" {
  account_id = "gke-nodes"
}
resource "google_container_cluster" "gke" {
  name                     = "gke"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  node_config {
    machine_type = "e2-small"
  }
}
resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = google_container_cluster.gke.id
  node_config {
    service_account = google_service_account.nodes.email
  }
}
`,
    },
  },
  {
    rule: 'gcp/gke-logging-disabled',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = "none" #!
  monitoring_service = "none" #!
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name               = "gke"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = "logging.googleapis.com/kubernetes"
}
`,
    },
  },
  {
    rule: 'gcp/gke-kubernetes-alpha',
    tf: {
      flagged: `
resource "google_container_cluster" "gke" {
  name                    = "gke"
  location                = "europe-west1"
  initial_node_count      = 1
  enable_kubernetes_alpha = true #!
}
`,
      clean: `
resource "google_container_cluster" "gke" {
  name                    = "gke"
  location                = "europe-west1"
  initial_node_count      = 1
  enable_kubernetes_alpha = false
}
`,
    },
  },

  // ---------------------------------------------------------------- BigQuery
  {
    rule: 'gcp/bigquery-dataset-public',
    tf: {
      flagged: `
resource "google_bigquery_dataset" "ds" {
  dataset_id = "ds"
  access {
    role          = "OWNER"
    user_by_email = "owner@example.com"
  }
  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers" #!
  }
}
resource "google_bigquery_dataset_access" "pub" {
  dataset_id = "ds"
  role       = "READER"
  iam_member = "allUsers" #!
}
resource "google_bigquery_table_iam_member" "t" {
  dataset_id = "ds"
  table_id   = "t"
  role       = "roles/bigquery.dataViewer"
  member     = "allUsers" #!
}
`,
      clean: `
resource "google_bigquery_dataset" "ds" {
  dataset_id = "ds"
  access {
    role          = "OWNER"
    special_group = "projectOwners"
  }
  access {
    role           = "READER"
    group_by_email = "analysts@example.com"
  }
}
`,
    },
  },
  {
    rule: 'gcp/bigquery-dataset-no-cmek',
    tf: {
      flagged: `
resource "google_bigquery_dataset" "ds" { #!
  dataset_id = "ds"
  location   = "EU"
}
`,
      clean: `
resource "google_bigquery_dataset" "ds" {
  dataset_id = "ds"
  location   = "EU"
  default_encryption_configuration {
    kms_key_name = "projects/p/locations/eu/keyRings/r/cryptoKeys/k"
  }
}
`,
    },
  },

  // ---------------------------------------------------------------- KMS
  {
    rule: 'gcp/kms-key-rotation',
    tf: {
      flagged: `
resource "google_kms_crypto_key" "none" { #!
  name     = "none"
  key_ring = "projects/p/locations/global/keyRings/r"
}
resource "google_kms_crypto_key" "yearly" {
  name            = "yearly"
  key_ring        = "projects/p/locations/global/keyRings/r"
  rotation_period = "31536000s" #!
}
`,
      clean: `
resource "google_kms_crypto_key" "monthly" {
  name            = "monthly"
  key_ring        = "projects/p/locations/global/keyRings/r"
  rotation_period = "2592000s"
}
resource "google_kms_crypto_key" "ekm" {
  name     = "ekm"
  key_ring = "projects/p/locations/global/keyRings/r"
  version_template {
    algorithm        = "EXTERNAL_SYMMETRIC_ENCRYPTION"
    protection_level = "EXTERNAL"
  }
}
resource "google_kms_crypto_key" "signing" {
  name     = "signing"
  key_ring = "projects/p/locations/global/keyRings/r"
  purpose  = "ASYMMETRIC_SIGN"
  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}
`,
    },
  },
  {
    rule: 'gcp/kms-key-public',
    tf: {
      flagged: `
resource "google_kms_crypto_key_iam_member" "pub" {
  crypto_key_id = "projects/p/locations/global/keyRings/r/cryptoKeys/k"
  role          = "roles/cloudkms.cryptoKeyDecrypter"
  member        = "allUsers" #!
}
resource "google_kms_key_ring_iam_binding" "ring" {
  key_ring_id = "projects/p/locations/global/keyRings/r"
  role        = "roles/cloudkms.viewer"
  members     = ["allAuthenticatedUsers"] #!
}
`,
      clean: `
resource "google_kms_crypto_key_iam_member" "app" {
  crypto_key_id = "projects/p/locations/global/keyRings/r/cryptoKeys/k"
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:app@p.iam.gserviceaccount.com"
}
`,
    },
  },

  // ---------------------------------------------------------------- DNS
  {
    rule: 'gcp/dns-dnssec-disabled',
    tf: {
      flagged: `
resource "google_dns_managed_zone" "none" { #!
  name     = "none"
  dns_name = "example.com."
}
resource "google_dns_managed_zone" "off" {
  name     = "off"
  dns_name = "example.org."
  dnssec_config {
    state = "off" #!
  }
}
resource "google_dns_managed_zone" "stateless" { #!
  name     = "stateless"
  dns_name = "example.net."
  dnssec_config {
    kind = "dns#managedZoneDnsSecConfig"
  }
}
`,
      clean: `
resource "google_dns_managed_zone" "on" {
  name     = "on"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
  }
}
resource "google_dns_managed_zone" "private" {
  name       = "private"
  dns_name   = "internal.example.com."
  visibility = "private"
}
`,
    },
  },
  {
    rule: 'gcp/dns-dnssec-rsasha1',
    tf: {
      flagged: `
resource "google_dns_managed_zone" "zone" {
  name     = "zone"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
    default_key_specs {
      algorithm  = "rsasha1" #!
      key_length = 2048
      key_type   = "keySigning"
    }
    default_key_specs {
      algorithm  = "rsasha256"
      key_length = 1024
      key_type   = "zoneSigning"
    }
  }
}
`,
      clean: `
resource "google_dns_managed_zone" "zone" {
  name     = "zone"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
    default_key_specs {
      algorithm  = "ecdsap256sha256"
      key_length = 256
      key_type   = "keySigning"
    }
  }
}
`,
    },
  },

  // ---------------------------------------------------------------- Functions, Run, Pub/Sub
  {
    rule: 'gcp/functions-public-invoker',
    tf: {
      flagged: `
resource "google_cloudfunctions_function" "fn" {
  name         = "fn"
  runtime      = "python312"
  entry_point  = "main"
  trigger_http = true
}
resource "google_cloudfunctions_function_iam_member" "invoker" {
  cloud_function = google_cloudfunctions_function.fn.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers" #!
}
`,
      clean: `
resource "google_cloudfunctions_function" "internal" {
  name             = "internal"
  runtime          = "python312"
  entry_point      = "main"
  trigger_http     = true
  ingress_settings = "ALLOW_INTERNAL_ONLY"
}
resource "google_cloudfunctions_function_iam_member" "invoker" {
  cloud_function = google_cloudfunctions_function.internal.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}
resource "google_cloudfunctions_function_iam_member" "sa" {
  cloud_function = "other"
  role           = "roles/cloudfunctions.invoker"
  member         = "serviceAccount:caller@p.iam.gserviceaccount.com"
}
`,
    },
  },
  {
    rule: 'gcp/functions-http-not-https-only',
    tf: {
      flagged: `
resource "google_cloudfunctions_function" "fn" {
  name                         = "fn"
  runtime                      = "nodejs20"
  entry_point                  = "handler"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_OPTIONAL" #!
}
resource "google_cloudfunctions_function" "unset" { #!
  name         = "unset"
  runtime      = "python312"
  entry_point  = "main"
  trigger_http = true
}
`,
      clean: `
resource "google_cloudfunctions_function" "fn" {
  name                         = "fn"
  runtime                      = "nodejs20"
  entry_point                  = "handler"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_ALWAYS"
}
# Event-triggered: no URL at all.
resource "google_cloudfunctions_function" "on_upload" {
  name        = "on-upload"
  runtime     = "python312"
  entry_point = "main"
  event_trigger {
    event_type = "google.storage.object.finalize"
    resource   = "uploads"
  }
}
`,
    },
  },
  {
    rule: 'gcp/run-public-invoker',
    tf: {
      flagged: `
resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = "api"
  location = "europe-west1"
  role     = "roles/run.invoker"
  member   = "allUsers" #!
}
resource "google_cloud_run_service_iam_binding" "old" {
  service  = "web"
  location = "europe-west1"
  role     = "roles/run.invoker"
  members  = ["allUsers"] #!
}
`,
      clean: `
resource "google_cloud_run_v2_service_iam_member" "caller" {
  name     = "api"
  location = "europe-west1"
  role     = "roles/run.invoker"
  member   = "serviceAccount:caller@p.iam.gserviceaccount.com"
}
`,
    },
  },
  {
    rule: 'gcp/run-ingress-all',
    tf: {
      flagged: `
resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
  ingress  = "INGRESS_TRAFFIC_ALL" #!
  template {
    containers {
      image = "europe-docker.pkg.dev/p/r/api:1"
    }
  }
}
resource "google_cloud_run_service" "web" {
  name     = "web"
  location = "europe-west1"
  metadata {
    annotations = {
      "run.googleapis.com/ingress" = "all" #!
    }
  }
  template {
    spec {
      containers {
        image = "europe-docker.pkg.dev/p/r/web:1"
      }
    }
  }
}
`,
      clean: `
resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
  ingress  = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  template {
    containers {
      image = "europe-docker.pkg.dev/p/r/api:1"
    }
  }
}
resource "google_cloud_run_service" "web" {
  name     = "web"
  location = "europe-west1"
  metadata {
    annotations = {
      "run.googleapis.com/ingress" = "internal"
    }
  }
  template {
    spec {
      containers {
        image = "europe-docker.pkg.dev/p/r/web:1"
      }
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/pubsub-public',
    tf: {
      flagged: `
resource "google_pubsub_topic_iam_member" "pub" {
  topic  = "events"
  role   = "roles/pubsub.publisher"
  member = "allUsers" #!
}
resource "google_pubsub_subscription_iam_binding" "sub" {
  subscription = "events-sub"
  role         = "roles/pubsub.subscriber"
  members      = ["allAuthenticatedUsers"] #!
}
`,
      clean: `
resource "google_pubsub_topic_iam_member" "pub" {
  topic  = "events"
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:producer@p.iam.gserviceaccount.com"
}
`,
    },
  },

  // ---------------------------------------------------------------- Dataproc
  {
    rule: 'gcp/dataproc-public-ip',
    tf: {
      flagged: `
resource "google_dataproc_cluster" "c" {
  name   = "c"
  region = "europe-west1"
  cluster_config {
    gce_cluster_config {
      internal_ip_only = false #!
    }
  }
}
`,
      clean: `
resource "google_dataproc_cluster" "c" {
  name   = "c"
  region = "europe-west1"
  cluster_config {
    gce_cluster_config {
      internal_ip_only = true
      subnetwork       = "private"
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/dataproc-no-cmek',
    tf: {
      flagged: `
resource "google_dataproc_cluster" "bare" { #!
  name   = "bare"
  region = "europe-west1"
}
resource "google_dataproc_cluster" "c" { #!
  name   = "c"
  region = "europe-west1"
  cluster_config {
    gce_cluster_config {
      internal_ip_only = true
    }
  }
}
`,
      clean: `
resource "google_dataproc_cluster" "c" {
  name   = "c"
  region = "europe-west1"
  cluster_config {
    encryption_config {
      kms_key_name = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
    }
  }
}
`,
    },
  },
  // ---------------------------------------------------------------- more IAM
  {
    rule: 'gcp/iam-default-service-account-grant',
    tf: {
      flagged: `
resource "google_project_iam_member" "gce" {
  project = "p"
  role    = "roles/storage.admin"
  member  = "serviceAccount:123456789012-compute@developer.gserviceaccount.com" #!
}
resource "google_project_iam_binding" "gae" {
  project = "p"
  role    = "roles/cloudsql.client"
  members = [
    "serviceAccount:app@p.iam.gserviceaccount.com",
    "serviceAccount:p@appspot.gserviceaccount.com", #!
  ]
}
`,
      clean: `
resource "google_project_iam_member" "app" {
  project = "p"
  role    = "roles/storage.admin"
  member  = "serviceAccount:app@p.iam.gserviceaccount.com"
}
`,
    },
  },
  {
    rule: 'gcp/iam-workload-identity-provider-unrestricted',
    tf: {
      flagged: `
resource "google_iam_workload_identity_pool_provider" "gh" { #!
  workload_identity_pool_id          = "ci"
  workload_identity_pool_provider_id = "github"
  attribute_mapping = {
    "google.subject" = "assertion.sub"
  }
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
`,
      clean: `
resource "google_iam_workload_identity_pool_provider" "gh" {
  workload_identity_pool_id          = "ci"
  workload_identity_pool_provider_id = "github"
  attribute_condition                = "assertion.repository_owner == 'example-org'"
  attribute_mapping = {
    "google.subject" = "assertion.sub"
  }
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
resource "google_iam_workload_identity_pool_provider" "corp" {
  workload_identity_pool_id          = "ci"
  workload_identity_pool_provider_id = "corp"
  oidc {
    issuer_uri = "https://sso.example.com"
  }
}
`,
    },
  },
  {
    rule: 'gcp/iam-audit-log-exempted-members',
    tf: {
      flagged: `
resource "google_project_iam_audit_config" "all" {
  project = "p"
  service = "allServices"
  audit_log_config {
    log_type = "DATA_READ"
    exempted_members = ["user:bot@example.com"] #!
  }
}
`,
      clean: `
resource "google_project_iam_audit_config" "all" {
  project = "p"
  service = "allServices"
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
`,
    },
  },

  // ---------------------------------------------------------------- Memorystore, Workbench, API keys
  {
    rule: 'gcp/redis-auth-disabled',
    tf: {
      flagged: `
resource "google_redis_instance" "none" { #!
  name           = "none"
  memory_size_gb = 1
}
resource "google_redis_instance" "off" {
  name           = "off"
  memory_size_gb = 1
  auth_enabled   = false #!
}
`,
      clean: `
resource "google_redis_instance" "cache" {
  name                    = "cache"
  memory_size_gb          = 1
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
`,
    },
  },
  {
    rule: 'gcp/redis-transit-encryption-disabled',
    tf: {
      flagged: `
resource "google_redis_instance" "none" { #!
  name           = "none"
  memory_size_gb = 1
  auth_enabled   = true
}
resource "google_redis_instance" "off" {
  name                    = "off"
  memory_size_gb          = 1
  transit_encryption_mode = "DISABLED" #!
}
`,
      clean: `
resource "google_redis_instance" "cache" {
  name                    = "cache"
  memory_size_gb          = 1
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
`,
    },
  },
  {
    rule: 'gcp/notebook-public-ip',
    tf: {
      flagged: `
resource "google_notebooks_instance" "nb" {
  name         = "nb"
  location     = "europe-west1-b"
  machine_type = "e2-medium"
  no_public_ip = false #!
}
resource "google_workbench_instance" "wb" { #!
  name     = "wb"
  location = "europe-west1-b"
}
resource "google_workbench_instance" "wb2" {
  name     = "wb2"
  location = "europe-west1-b"
  gce_setup {
    machine_type      = "e2-standard-4"
    disable_public_ip = false #!
  }
}
`,
      clean: `
resource "google_notebooks_instance" "nb" {
  name         = "nb"
  location     = "europe-west1-b"
  machine_type = "e2-medium"
  no_public_ip = true
}
resource "google_workbench_instance" "wb" {
  name     = "wb"
  location = "europe-west1-b"
  gce_setup {
    machine_type      = "e2-standard-4"
    disable_public_ip = true
  }
}
`,
    },
  },
  {
    rule: 'gcp/apikeys-key-unrestricted',
    tf: {
      flagged: `
resource "google_apikeys_key" "maps" { #!
  name         = "maps"
  display_name = "Maps key"
}
`,
      clean: `
resource "google_apikeys_key" "maps" {
  name         = "maps"
  display_name = "Maps key"
  restrictions {
    api_targets {
      service = "maps-backend.googleapis.com"
    }
    browser_key_restrictions {
      allowed_referrers = ["https://www.example.com/*"]
    }
  }
}
`,
    },
  },
  {
    rule: 'gcp/iam-personal-account',
    tf: {
      flagged: `
resource "google_project_iam_member" "contractor" {
  project = "p"
  role    = "roles/viewer"
  member  = "user:someone@gmail.com" #!
}
resource "google_project_iam_policy" "policy" {
  project = "p"
  policy_data = jsonencode({ #!
    bindings = [{ role = "roles/browser", members = ["user:x@googlemail.com", "group:ops@example.com"] }]
  })
}
`,
      clean: `
resource "google_project_iam_member" "staff" {
  project = "p"
  role    = "roles/viewer"
  member  = "user:someone@example.com"
}
resource "google_project_iam_member" "group" {
  project = "p"
  role    = "roles/viewer"
  member  = "group:gmail.com-fans@example.com"
}
`,
    },
  },
];
