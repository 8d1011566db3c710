/**
 * End to end over the whole Google Cloud rule set: a hardened configuration per area yields no
 * finding at all (what a clean file must look like), and a deliberately weak one yields exactly
 * the expected rule on each marked line (`#! rule-a rule-b`).
 */
import { describe, expect, test } from 'vitest';
import { gcpRules } from '../../../../src/scanners/iac/rules/gcp/index.js';
import { auditTerraform } from './harness.js';

const HARDENED: Record<string, string> = {
  'gke.tf': `
resource "google_service_account" "gke_nodes" {
  account_id   = "gke-nodes"
  display_name = "GKE nodes"
}
resource "google_container_cluster" "primary" {
  name                     = "primary"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  enable_shielded_nodes    = true
  networking_mode          = "VPC_NATIVE"
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.0.0.0/8"
      display_name = "internal"
    }
  }
  network_policy {
    enabled = true
  }
  workload_identity_config {
    workload_pool = "my-project.svc.id.goog"
  }
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}
resource "google_container_node_pool" "primary" {
  name       = "primary"
  cluster    = google_container_cluster.primary.id
  node_count = 2
  management {
    auto_repair  = true
    auto_upgrade = true
  }
  node_config {
    machine_type    = "e2-standard-4"
    image_type      = "COS_CONTAINERD"
    service_account = google_service_account.gke_nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    metadata = {
      disable-legacy-endpoints = "true"
    }
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
`,
  'vm.tf': `
resource "google_service_account" "vm" {
  account_id = "web-vm"
}
resource "google_compute_network" "vpc" {
  name                    = "vpc"
  auto_create_subnetworks = false
}
resource "google_compute_subnetwork" "app" {
  name                     = "app"
  ip_cidr_range            = "10.10.0.0/24"
  region                   = "europe-west1"
  network                  = google_compute_network.vpc.id
  private_ip_google_access = true
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}
resource "google_compute_firewall" "iap_ssh" {
  name          = "allow-iap-ssh"
  network       = google_compute_network.vpc.name
  direction     = "INGRESS"
  source_ranges = ["35.235.240.0/20"]
  target_tags   = ["web"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
resource "google_compute_instance" "web" {
  name         = "web"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"
  tags         = ["web"]
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = google_compute_subnetwork.app.id
  }
  metadata = {
    block-project-ssh-keys = "true"
    enable-oslogin         = "TRUE"
  }
  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
  service_account {
    email  = google_service_account.vm.email
    scopes = ["cloud-platform"]
  }
}
resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
resource "google_compute_ssl_policy" "tls" {
  name            = "tls"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_2"
}
resource "google_compute_target_https_proxy" "web" {
  name             = "web"
  url_map          = "projects/p/global/urlMaps/web"
  ssl_certificates = ["projects/p/global/sslCertificates/web"]
  ssl_policy       = google_compute_ssl_policy.tls.id
}
`,
  'data.tf': `
resource "google_kms_key_ring" "kr" {
  name     = "kr"
  location = "europe-west1"
}
resource "google_kms_crypto_key" "k" {
  name            = "k"
  key_ring        = google_kms_key_ring.kr.id
  rotation_period = "7776000s"
}
resource "google_storage_bucket" "data" {
  name                        = "acme-data"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  versioning {
    enabled = true
  }
  logging {
    log_bucket = "acme-access-logs"
  }
}
resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.data.name
  role   = "roles/storage.objectViewer"
  member = "group:analysts@example.com"
}
resource "google_sql_database_instance" "pg" {
  name                = "pg"
  database_version    = "POSTGRES_15"
  region              = "europe-west1"
  deletion_protection = true
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/p/global/networks/vpc"
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
  }
}
resource "google_bigquery_dataset" "analytics" {
  dataset_id = "analytics"
  location   = "EU"
  default_encryption_configuration {
    kms_key_name = google_kms_crypto_key.k.id
  }
  access {
    role          = "OWNER"
    special_group = "projectOwners"
  }
}
resource "google_dns_managed_zone" "public" {
  name     = "public"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
  }
}
resource "google_project_iam_member" "deployer" {
  project = "p"
  role    = "roles/run.admin"
  member  = "serviceAccount:deployer@p.iam.gserviceaccount.com"
}
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
resource "google_redis_instance" "cache" {
  name                    = "cache"
  memory_size_gb          = 1
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
`,
};

const WEAK = `
resource "google_compute_firewall" "admin" {
  name          = "admin"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] #! compute-firewall-ssh-open compute-firewall-rdp-open
  allow {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }
  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}
resource "google_compute_instance" "vm" {
  name           = "vm"
  machine_type   = "e2-small"
  zone           = "europe-west1-b"
  can_ip_forward = true #! compute-instance-ip-forwarding
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
    access_config {} #! compute-instance-public-ip
  }
  metadata = {
    block-project-ssh-keys = "true"
    serial-port-enable     = "true" #! compute-serial-port-enabled
  }
  service_account {
    scopes = ["cloud-platform"] #! compute-instance-default-sa-full-access
  }
}
resource "google_storage_bucket_iam_binding" "public" {
  bucket  = "site"
  role    = "roles/storage.objectViewer"
  members = ["allUsers"] #! storage-bucket-public
}
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ssl_mode = "ENCRYPTED_ONLY"
      authorized_networks {
        value = "0.0.0.0/0" #! sql-public-authorized-network
      }
    }
    backup_configuration {
      enabled = true
    }
    database_flags {
      name  = "local_infile"
      value = "on" #! sql-mysql-local-infile
    }
  }
}
resource "google_kms_crypto_key" "k" {
  name            = "k"
  key_ring        = "projects/p/locations/global/keyRings/r"
  rotation_period = "31536000s" #! kms-key-rotation
}
resource "google_project_iam_member" "owner" {
  project = "p"
  role    = "roles/owner" #! iam-primitive-role
  member  = "user:admin@example.com"
}
`;

describe('whole gcp rule set', () => {
  test.each(Object.keys(HARDENED))('hardened %s has no finding', async (name) => {
    const a = await auditTerraform({ [name]: HARDENED[name]! }, gcpRules);
    expect(a.issues.map((i) => i.message)).toEqual([]);
    expect(a.findings.map((f) => `${f.location.startLine} ${f.ruleId} ${f.message}`)).toEqual([]);
  });

  test('a weak configuration gets exactly the expected rule on each marked line', async () => {
    const want = WEAK.split('\n').flatMap((l, i) => {
      const m = /#!\s*(.+)$/.exec(l);
      return m ? m[1]!.trim().split(/\s+/).map((id) => `${i + 1} iac/gcp/${id}`) : [];
    });
    const a = await auditTerraform(WEAK, gcpRules);
    expect(a.issues.map((i) => i.message)).toEqual([]);
    expect(a.findings.map((f) => `${f.location.startLine} ${f.ruleId}`).sort()).toEqual(want.sort());
  });
});
