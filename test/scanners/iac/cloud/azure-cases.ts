/**
 * One flagged and one clean Terraform configuration per Azure rule (azurerm schema). Lines
 * ending in `#!` are where the rule must report, exactly once each. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

const RG = `resource "azurerm_resource_group" "rg" {
  name     = "rg-app"
  location = "westeurope"
}
`;

/** A storage account with the given extra lines (already indented), after the resource group. */
const account = (extra: string): string => `${RG}
resource "azurerm_storage_account" "sa" {
  name                     = "stapp001"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
${extra}}
`;

/** An NSG with one inline rule. */
const nsg = (rule: string): string => `resource "azurerm_network_security_group" "web" {
  name                = "nsg-web"
  location            = "westeurope"
  resource_group_name = "rg-app"

  security_rule {
    name                       = "r1"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    source_port_range          = "*"
    destination_address_prefix = "*"
${rule}  }
}
`;

/** A Key Vault; purge protection is on unless the caller passes its own line (or none). */
const vault = (extra: string, purge = '  purge_protection_enabled = true\n'): string => `data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "kv" {
  name                = "kv-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
${purge}${extra}}
`;

const SQL_ADMIN = `
  azuread_administrator {
    login_username = "sql-admins"
    object_id      = "00000000-0000-0000-0000-000000000001"
  }
`;

const sqlServer = (extra: string, admin = SQL_ADMIN): string => `resource "azurerm_mssql_server" "sql" {
  name                         = "sql-app-001"
  resource_group_name          = "rg-app"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
${extra}${admin}}

variable "sql_password" {
  type      = string
  sensitive = true
}
`;

const firewallRule = (type: string, parent: string, start: string, end: string, mark = ''): string => `resource "${type}" "fw" {
  name             = "office"
  ${parent}
  start_ip_address = "${start}"
  end_ip_address   = "${end}"${mark}
}
`;

const AKS_NET = `
  network_profile {
    network_plugin = "azure"
    network_policy = "azure"
  }
`;

/** An AKS cluster, private and with a network policy unless the caller passes its own lines. */
const aks = (extra: string, head = '', pool = '', api = '  private_cluster_enabled = true\n', net = AKS_NET): string => `resource "azurerm_kubernetes_cluster" "aks" {${head}
  name                = "aks-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  dns_prefix          = "aksapp"

  default_node_pool {
    name       = "system"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
${pool}  }

  identity {
    type = "SystemAssigned"
  }
${net}${api}${extra}}
`;

const WEB_IDENTITY = `
  identity {
    type = "SystemAssigned"
  }
`;

/** A web or function app with a managed identity unless the caller passes its own (or none). */
const webApp = (extra: string, site = '', head = '', type = 'azurerm_linux_web_app', identity = WEB_IDENTITY): string => `resource "${type}" "app" {${head}
  name                = "app-web-001"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"
${extra}${identity}
  site_config {
${site}  }
}
`;

const pgServer = (extra: string): string => `resource "azurerm_postgresql_server" "pg" {
  name                = "pg-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku_name            = "GP_Gen5_2"
  version             = "11"
  storage_mb          = 5120
  administrator_login = "pgadmin"
${extra}}
`;

const mysqlServer = (extra: string): string => `resource "azurerm_mysql_server" "db" {
  name                = "mysql-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku_name            = "GP_Gen5_2"
  version             = "8.0"
  storage_mb          = 5120
  administrator_login = "dbadmin"
${extra}}
`;

const mariadb = (extra: string): string => `resource "azurerm_mariadb_server" "db" {
  name                = "mariadb-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku_name            = "GP_Gen5_2"
  version             = "10.3"
  storage_mb          = 5120
${extra}}
`;

/** A Cosmos DB account, closed to public networks unless the caller passes its own network line. */
const cosmos = (extra: string, head = '', net = '  public_network_access_enabled = false\n'): string => `resource "azurerm_cosmosdb_account" "db" {${head}
  name                = "cosmos-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  offer_type          = "Standard"
  kind                = "GlobalDocumentDB"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
${net}${extra}}
`;

const redis = (extra: string, config = ''): string => `resource "azurerm_redis_cache" "cache" {
  name                = "redis-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  capacity            = 1
  family              = "P"
  sku_name            = "Premium"
${extra}
  redis_configuration {
${config}  }
}
`;

const registry = (extra: string): string => `resource "azurerm_container_registry" "acr" {
  name                = "acrapp001"
  resource_group_name = "rg-app"
  location            = "westeurope"
  sku                 = "Premium"
${extra}}
`;

const appGw = (extra: string): string => `resource "azurerm_application_gateway" "gw" {
  name                = "agw-app"
  resource_group_name = "rg-app"
  location            = "westeurope"

  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }
${extra}}
`;

const messagingNs = (type: string, extra: string): string => `resource "${type}" "ns" {
  name                = "ns-app-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Premium"
  capacity            = 1
${extra}}
`;

const linuxVm = (extra: string): string => `resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm-app"
  resource_group_name   = "rg-app"
  location              = "westeurope"
  size                  = "Standard_D2s_v5"
  admin_username        = "azureuser"
  network_interface_ids = ["/subscriptions/x/nic"]
${extra}
  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnly"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`;

export const azureCases: CloudCase[] = [
  // ---- Storage ----
  {
    rule: 'azure/storage-account-https-disabled',
    tf: {
      flagged: {
        'main.tf': account('  https_traffic_only_enabled = false #!\n') + `
resource "azurerm_storage_account" "legacy" {
  name                      = "stlegacy001"
  resource_group_name       = "rg-app"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = false #!
}

module "logs" {
  source      = "./modules/storage"
  https_only  = false
}
`,
        // The value comes from the caller; the finding lands where the module writes it.
        'modules/storage/main.tf': `variable "https_only" {
  type    = bool
  default = true
}

resource "azurerm_storage_account" "this" {
  name                       = "stlogs001"
  resource_group_name        = "rg-app"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "LRS"
  https_traffic_only_enabled = var.https_only #!
}
`,
      },
      clean: {
        'main.tf': account('  https_traffic_only_enabled = true\n') + `
resource "azurerm_storage_account" "defaulted" {
  name                     = "stdefault001"
  resource_group_name      = "rg-app"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

module "logs" {
  source = "./modules/storage"
}
`,
        'modules/storage/main.tf': `variable "https_only" {
  type    = bool
  default = true
}

resource "azurerm_storage_account" "this" {
  name                       = "stlogs001"
  resource_group_name        = "rg-app"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "LRS"
  https_traffic_only_enabled = var.https_only
}
`,
      },
    },
  },
  {
    rule: 'azure/storage-account-tls-below-1-2',
    tf: {
      flagged: account('  min_tls_version          = "TLS1_0" #!\n'),
      clean: account('  min_tls_version          = "TLS1_2"\n'),
    },
  },
  {
    rule: 'azure/storage-account-public-blob-access',
    tf: {
      flagged: account('  allow_nested_items_to_be_public = true #!\n'),
      clean: account('  allow_nested_items_to_be_public = false\n'),
    },
  },
  {
    rule: 'azure/storage-account-network-default-allow',
    tf: {
      flagged: account(`
  network_rules {
    default_action = "Allow" #!
    ip_rules       = ["203.0.113.10"]
  }
`) + `
resource "azurerm_storage_account_network_rules" "split" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Allow" #!
}

resource "azurerm_storage_account_network_rules" "wide" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Deny"
  ip_rules           = ["0.0.0.0/0"] #!
}
`,
      clean: account(`
  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    ip_rules                   = ["203.0.113.10"]
  }
`) + `
resource "azurerm_storage_account_network_rules" "split" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Deny"
}

# Private-endpoint-only account: the firewall default no longer applies.
resource "azurerm_storage_account" "private" {
  name                          = "stprivate001"
  resource_group_name           = "rg-app"
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "LRS"
  public_network_access_enabled = false

  network_rules {
    default_action = "Allow"
  }
}

resource "azurerm_storage_account_network_rules" "private" {
  storage_account_id = azurerm_storage_account.private.id
  default_action     = "Allow"
}
`,
    },
  },
  {
    rule: 'azure/storage-container-public-access',
    tf: {
      flagged: account('') + `
resource "azurerm_storage_container" "assets" {
  name                  = "assets"
  storage_account_name  = azurerm_storage_account.sa.name
  container_access_type = "blob" #!
}

resource "azurerm_storage_container" "listing" {
  name                  = "listing"
  storage_account_id    = azurerm_storage_account.sa.id
  container_access_type = "container" #!
}
`,
      clean: account('') + `
resource "azurerm_storage_container" "data" {
  name                  = "data"
  storage_account_name  = azurerm_storage_account.sa.name
  container_access_type = "private"
}

resource "azurerm_storage_account" "locked" {
  name                            = "stlocked001"
  resource_group_name             = "rg-app"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false
}

# Azure refuses public containers on an account that forbids them: nothing is exposed.
resource "azurerm_storage_container" "ignored" {
  name                  = "ignored"
  storage_account_name  = azurerm_storage_account.locked.name
  container_access_type = "blob"
}
`,
    },
  },
  {
    rule: 'azure/storage-account-shared-key-enabled',
    tf: {
      flagged: account('  shared_access_key_enabled = true #!\n'),
      clean: account('  shared_access_key_enabled = false\n'),
    },
  },
  {
    rule: 'azure/storage-account-cross-tenant-replication',
    tf: {
      flagged: account('  cross_tenant_replication_enabled = true #!\n'),
      clean: account('  cross_tenant_replication_enabled = false\n'),
    },
  },
  // ---- Network ----
  {
    rule: 'azure/nsg-ssh-open-to-internet',
    tf: {
      flagged: nsg(`    protocol                   = "Tcp"
    destination_port_range     = "22"
    source_address_prefix      = "*" #!
`) + `
resource "azurerm_network_security_rule" "ssh" {
  name                        = "ssh"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "20-30"]
  source_address_prefix       = "Internet" #!
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}

locals {
  inbound = {
    ssh   = { port = "22", source = "*" }
    https = { port = "443", source = "Internet" }
  }
}

# Rules generated from a map: only the SSH instance is reported, on the line that sets its source.
resource "azurerm_network_security_group" "generated" {
  name                = "nsg-generated"
  location            = "westeurope"
  resource_group_name = "rg-app"

  dynamic "security_rule" {
    for_each = local.inbound
    content {
      name                       = security_rule.key
      priority                   = security_rule.key == "ssh" ? 100 : 110
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = security_rule.value.port
      source_address_prefix      = security_rule.value.source #!
      destination_address_prefix = "*"
    }
  }
}
`,
      clean: nsg(`    protocol                   = "Tcp"
    destination_port_range     = "22"
    source_address_prefix      = "10.0.0.0/16"
`) + `
resource "azurerm_network_security_rule" "https" {
  name                        = "https"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}

resource "azurerm_network_security_rule" "deny_ssh" {
  name                        = "deny-ssh"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}

resource "azurerm_network_security_rule" "ssh_out" {
  name                        = "ssh-out"
  priority                    = 130
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}
`,
    },
  },
  {
    rule: 'azure/nsg-rdp-open-to-internet',
    tf: {
      flagged: nsg(`    protocol                   = "*"
    destination_port_range     = "3389"
    source_address_prefixes    = ["0.0.0.0/0"] #!
`) + `
# Several ports written comma-separated in one string, as the portal shows them.
resource "azurerm_network_security_rule" "admin" {
  name                        = "admin"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "8443, 3380-3390"
  source_address_prefix       = "Internet" #!
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}
`,
      clean: nsg(`    protocol                   = "Tcp"
    destination_port_range     = "3389"
    source_address_prefix      = "VirtualNetwork"
`) + `
resource "azurerm_network_security_rule" "web" {
  name                        = "web"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "80,443, 8000-8080"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}
`,
    },
  },
  {
    rule: 'azure/nsg-database-port-open-to-internet',
    tf: {
      flagged: nsg(`    protocol                   = "Tcp"
    destination_port_ranges    = ["443", "1433"]
    source_address_prefix      = "Any" #!
`),
      clean: nsg(`    protocol                   = "Tcp"
    destination_port_ranges    = ["80", "443"]
    source_address_prefix      = "Internet"
`),
    },
  },
  {
    rule: 'azure/nsg-admin-port-open-to-internet',
    tf: {
      flagged: nsg(`    protocol                   = "Tcp"
    destination_port_ranges    = ["443", "5985-5986"]
    source_address_prefix      = "Internet" #!
`) + `
resource "azurerm_network_security_rule" "legacy" {
  name                        = "legacy-telnet-ftp"
  priority                    = 150
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "20-23"
  source_address_prefixes     = ["198.51.100.0/24", "::/0"] #!
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}
`,
      clean: nsg(`    protocol                   = "Tcp"
    destination_port_range     = "445"
    source_address_prefix      = "VirtualNetwork"
`) + `
resource "azurerm_network_security_rule" "web" {
  name                        = "web"
  priority                    = 150
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "80,443"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}

# In an NSG prefix a bare 0.0.0.0 is that one address, not "any".
resource "azurerm_network_security_rule" "null_source" {
  name                        = "null-source"
  priority                    = 170
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "5900"
  source_address_prefix       = "0.0.0.0"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}

resource "azurerm_network_security_rule" "smb_udp" {
  name                        = "netbios-name"
  priority                    = 160
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_range      = "137"
  source_address_prefix       = "10.0.0.0/8"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-web"
}
`,
    },
  },
  {
    rule: 'azure/nsg-all-ports-open-to-internet',
    tf: {
      flagged: nsg(`    protocol                   = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*" #!
`),
      clean: nsg(`    protocol                   = "Icmp"
    destination_port_range     = "*"
    source_address_prefix      = "*"
`),
    },
  },
  {
    rule: 'azure/network-watcher-flow-log-disabled',
    tf: {
      flagged: `resource "azurerm_network_watcher_flow_log" "fl" {
  network_watcher_name      = "nw"
  resource_group_name       = "rg-app"
  name                      = "fl-web"
  network_security_group_id = "/subscriptions/x/nsg"
  storage_account_id        = "/subscriptions/x/sa"
  enabled                   = false #!

  retention_policy {
    enabled = true
    days    = 90
  }
}
`,
      clean: `resource "azurerm_network_watcher_flow_log" "fl" {
  network_watcher_name      = "nw"
  resource_group_name       = "rg-app"
  name                      = "fl-web"
  network_security_group_id = "/subscriptions/x/nsg"
  storage_account_id        = "/subscriptions/x/sa"
  enabled                   = true

  retention_policy {
    enabled = true
    days    = 90
  }
}
`,
    },
  },
  {
    rule: 'azure/network-watcher-flow-log-retention-short',
    tf: {
      flagged: `resource "azurerm_network_watcher_flow_log" "fl" {
  network_watcher_name      = "nw"
  resource_group_name       = "rg-app"
  name                      = "fl-web"
  network_security_group_id = "/subscriptions/x/nsg"
  storage_account_id        = "/subscriptions/x/sa"
  enabled                   = true

  retention_policy {
    enabled = true
    days    = 7 #!
  }
}
`,
      clean: `resource "azurerm_network_watcher_flow_log" "fl" {
  network_watcher_name      = "nw"
  resource_group_name       = "rg-app"
  name                      = "fl-web"
  network_security_group_id = "/subscriptions/x/nsg"
  storage_account_id        = "/subscriptions/x/sa"
  enabled                   = true

  retention_policy {
    enabled = true
    days    = 0
  }
}
`,
    },
  },
  // ---- Key Vault ----
  {
    rule: 'azure/key-vault-purge-protection-disabled',
    tf: {
      flagged: vault('  purge_protection_enabled = false #!\n', '') + `
resource "azurerm_key_vault" "defaulted" { #!
  name                = "kv-app-002"
  location            = "westeurope"
  resource_group_name = "rg-app"
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
}
`,
      clean: vault('', '  purge_protection_enabled = true\n'),
    },
  },
  {
    rule: 'azure/key-vault-soft-delete-disabled',
    tf: {
      flagged: vault('  soft_delete_enabled = false #!\n'),
      clean: vault('  soft_delete_retention_days = 90\n'),
    },
  },
  {
    rule: 'azure/key-vault-network-acls-allow',
    tf: {
      flagged: vault(`
  network_acls {
    default_action = "Allow" #!
    bypass         = "AzureServices"
  }
`) + `
resource "azurerm_key_vault" "wide" {
  name                     = "kv-app-004"
  location                 = "westeurope"
  resource_group_name      = "rg-app"
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  purge_protection_enabled = true

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
    ip_rules       = ["203.0.113.0/24", "0.0.0.0/0"] #!
  }
}
`,
      clean: vault(`
  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
    ip_rules       = ["203.0.113.0/24"]
  }
`) + `
resource "azurerm_key_vault" "private" {
  name                          = "kv-app-002"
  location                      = "westeurope"
  resource_group_name           = "rg-app"
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  public_network_access_enabled = false
  purge_protection_enabled      = true

  network_acls {
    default_action = "Allow"
    bypass         = "AzureServices"
  }
}

# No ACL written: left to the provider default, not reported (only an explicit Allow is).
resource "azurerm_key_vault" "unset" {
  name                     = "kv-app-003"
  location                 = "westeurope"
  resource_group_name      = "rg-app"
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  purge_protection_enabled = true
}
`,
    },
  },
  {
    rule: 'azure/key-vault-rbac-disabled',
    tf: {
      flagged: vault('  enable_rbac_authorization = false #!\n'),
      clean: vault('  rbac_authorization_enabled = true\n'),
    },
  },
  {
    rule: 'azure/key-vault-secret-no-expiration',
    tf: {
      flagged: `resource "azurerm_key_vault_secret" "db" { #!
  name         = "db-password"
  value        = "from-pipeline"
  key_vault_id = "/subscriptions/x/vaults/kv"
}
`,
      clean: `resource "azurerm_key_vault_secret" "db" {
  name            = "db-password"
  value           = "from-pipeline"
  key_vault_id    = "/subscriptions/x/vaults/kv"
  expiration_date = "2027-12-31T00:00:00Z"
}
`,
    },
  },
  {
    rule: 'azure/key-vault-key-no-expiration',
    tf: {
      flagged: `resource "azurerm_key_vault_key" "k" { #!
  name         = "cmk"
  key_vault_id = "/subscriptions/x/vaults/kv"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}
`,
      clean: `resource "azurerm_key_vault_key" "k" {
  name            = "cmk"
  key_vault_id    = "/subscriptions/x/vaults/kv"
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2027-12-31T00:00:00Z"
}
`,
    },
  },
  {
    rule: 'azure/key-vault-key-weak-rsa',
    tf: {
      flagged: `resource "azurerm_key_vault_key" "k" {
  name            = "signing"
  key_vault_id    = "/subscriptions/x/vaults/kv"
  key_type        = "RSA-HSM"
  key_size        = 1024 #!
  key_opts        = ["sign", "verify"]
  expiration_date = "2027-12-31T00:00:00Z"
}
`,
      clean: `resource "azurerm_key_vault_key" "k" {
  name            = "signing"
  key_vault_id    = "/subscriptions/x/vaults/kv"
  key_type        = "RSA"
  key_size        = 2048
  key_opts        = ["sign", "verify"]
  expiration_date = "2027-12-31T00:00:00Z"
}

resource "azurerm_key_vault_key" "ec" {
  name            = "ec"
  key_vault_id    = "/subscriptions/x/vaults/kv"
  key_type        = "EC"
  curve           = "P-256"
  key_opts        = ["sign", "verify"]
  expiration_date = "2027-12-31T00:00:00Z"
}
`,
    },
  },
  // ---- SQL ----
  {
    rule: 'azure/sql-server-public-network-access',
    tf: {
      flagged: sqlServer('  public_network_access_enabled = true #!\n'),
      clean: sqlServer('  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/sql-server-tls-below-1-2',
    tf: {
      flagged: sqlServer('  minimum_tls_version = "1.1" #!\n'),
      clean: sqlServer('  minimum_tls_version = "1.2"\n'),
    },
  },
  {
    rule: 'azure/sql-firewall-open-to-internet',
    tf: {
      flagged: firewallRule('azurerm_mssql_firewall_rule', 'server_id        = "/subscriptions/x/servers/sql"', '0.0.0.0', '255.255.255.255', ' #!'),
      clean: firewallRule('azurerm_mssql_firewall_rule', 'server_id        = "/subscriptions/x/servers/sql"', '203.0.113.0', '203.0.113.255')
        + firewallRule('azurerm_mssql_firewall_rule', 'server_id        = "/subscriptions/x/servers/sql"', '0.0.0.0', '0.0.0.0').replace('"fw"', '"azure"'),
    },
  },
  {
    rule: 'azure/sql-database-tde-disabled',
    tf: {
      flagged: `resource "azurerm_mssql_database" "db" {
  name                                = "appdb"
  server_id                           = "/subscriptions/x/servers/sql"
  transparent_data_encryption_enabled = false #!
}
`,
      clean: `resource "azurerm_mssql_database" "db" {
  name                                = "appdb"
  server_id                           = "/subscriptions/x/servers/sql"
  transparent_data_encryption_enabled = true
}
`,
    },
  },
  {
    rule: 'azure/sql-auditing-disabled',
    tf: {
      flagged: `resource "azurerm_mssql_server_extended_auditing_policy" "audit" {
  server_id              = "/subscriptions/x/servers/sql"
  log_monitoring_enabled = true
  enabled                = false #!
}
`,
      clean: `resource "azurerm_mssql_server_extended_auditing_policy" "audit" {
  server_id              = "/subscriptions/x/servers/sql"
  log_monitoring_enabled = true
  retention_in_days      = 120
}
`,
    },
  },
  {
    rule: 'azure/sql-auditing-retention-short',
    tf: {
      flagged: `resource "azurerm_mssql_database_extended_auditing_policy" "audit" {
  database_id       = "/subscriptions/x/databases/appdb"
  storage_endpoint  = "https://staudit.blob.core.windows.net/"
  retention_in_days = 30 #!
}
`,
      clean: `resource "azurerm_mssql_database_extended_auditing_policy" "audit" {
  database_id       = "/subscriptions/x/databases/appdb"
  storage_endpoint  = "https://staudit.blob.core.windows.net/"
  retention_in_days = 0
}
`,
    },
  },
  {
    rule: 'azure/sql-security-alert-policy-disabled',
    tf: {
      flagged: `resource "azurerm_mssql_server_security_alert_policy" "alerts" {
  resource_group_name = "rg-app"
  server_name         = "sql-app-001"
  state               = "Disabled" #!
}

resource "azurerm_mssql_database" "db" {
  name      = "appdb"
  server_id = "/subscriptions/x/servers/sql"

  threat_detection_policy {
    state = "Disabled" #!
  }
}
`,
      clean: `resource "azurerm_mssql_server_security_alert_policy" "alerts" {
  resource_group_name = "rg-app"
  server_name         = "sql-app-001"
  state               = "Enabled"
}
`,
    },
  },
  // ---- PostgreSQL / MySQL / MariaDB ----
  {
    rule: 'azure/postgresql-server-ssl-disabled',
    tf: {
      flagged: pgServer('  ssl_enforcement_enabled          = false #!\n  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"\n'),
      clean: pgServer('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n'),
    },
  },
  {
    rule: 'azure/postgresql-server-tls-below-1-2',
    tf: {
      flagged: pgServer('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_1" #!\n'),
      clean: pgServer('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n'),
    },
  },
  {
    rule: 'azure/postgresql-server-public-network-access',
    tf: {
      flagged: pgServer('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = true #!\n') + `
resource "azurerm_postgresql_flexible_server" "flex" {
  name                          = "pgflex-app-001"
  resource_group_name           = "rg-app"
  location                      = "westeurope"
  version                       = "16"
  sku_name                      = "GP_Standard_D2s_v3"
  public_network_access_enabled = true #!
}
`,
      clean: pgServer('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/postgresql-firewall-open-to-internet',
    tf: {
      flagged: firewallRule('azurerm_postgresql_flexible_server_firewall_rule', 'server_id        = "/subscriptions/x/flexibleServers/pg"', '0.0.0.0', '255.255.255.255', ' #!'),
      clean: firewallRule('azurerm_postgresql_firewall_rule', 'server_name      = "pg-app-001"', '10.0.0.1', '10.0.0.254'),
    },
  },
  {
    rule: 'azure/postgresql-flexible-secure-transport-off',
    tf: {
      flagged: `resource "azurerm_postgresql_flexible_server_configuration" "tls" {
  name      = "require_secure_transport"
  server_id = "/subscriptions/x/flexibleServers/pg"
  value     = "off" #!
}
`,
      clean: `resource "azurerm_postgresql_flexible_server_configuration" "tls" {
  name      = "require_secure_transport"
  server_id = "/subscriptions/x/flexibleServers/pg"
  value     = "on"
}

resource "azurerm_postgresql_flexible_server_configuration" "jit" {
  name      = "jit"
  server_id = "/subscriptions/x/flexibleServers/pg"
  value     = "off"
}
`,
    },
  },
  {
    rule: 'azure/postgresql-logging-parameter-off',
    tf: {
      flagged: `resource "azurerm_postgresql_configuration" "log_connections" {
  name                = "log_connections"
  resource_group_name = "rg-app"
  server_name         = "pg-app-001"
  value               = "off" #!
}
`,
      clean: `resource "azurerm_postgresql_configuration" "log_connections" {
  name                = "log_connections"
  resource_group_name = "rg-app"
  server_name         = "pg-app-001"
  value               = "on"
}
`,
    },
  },
  {
    rule: 'azure/mysql-server-ssl-disabled',
    tf: {
      flagged: mysqlServer('  ssl_enforcement_enabled = false #!\n'),
      clean: mysqlServer('  ssl_enforcement_enabled = true\n'),
    },
  },
  {
    rule: 'azure/mysql-server-tls-below-1-2',
    tf: {
      flagged: mysqlServer('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_0" #!\n'),
      clean: mysqlServer('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n'),
    },
  },
  {
    rule: 'azure/mysql-server-public-network-access',
    tf: {
      flagged: mysqlServer('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = true #!\n'),
      clean: mysqlServer('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/mysql-firewall-open-to-internet',
    tf: {
      flagged:
        firewallRule('azurerm_mysql_firewall_rule', 'server_name      = "mysql-app-001"', '0.0.0.0', '255.255.255.255', ' #!') +
        // Not the whole internet, but 1.0.0.0–63.255.255.255 is about a billion public addresses.
        firewallRule('azurerm_mysql_flexible_server_firewall_rule', 'server_name      = "mysql-app-001"', '1.0.0.0', '63.255.255.255', ' #!').replace('"fw"', '"wide"'),
      clean:
        firewallRule('azurerm_mysql_flexible_server_firewall_rule', 'server_name      = "mysql-app-001"', '198.51.100.7', '198.51.100.7') +
        // Private address space only, however large, and a /16 of public addresses.
        firewallRule('azurerm_mysql_flexible_server_firewall_rule', 'server_name      = "mysql-app-001"', '10.0.0.0', '10.255.255.255').replace('"fw"', '"vnet"') +
        firewallRule('azurerm_mysql_flexible_server_firewall_rule', 'server_name      = "mysql-app-001"', '172.16.0.0', '172.31.255.255').replace('"fw"', '"vnet2"') +
        firewallRule('azurerm_mysql_flexible_server_firewall_rule', 'server_name      = "mysql-app-001"', '20.50.0.0', '20.50.255.255').replace('"fw"', '"partner"'),
    },
  },
  {
    rule: 'azure/mysql-flexible-secure-transport-off',
    tf: {
      flagged: `resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "require_secure_transport"
  resource_group_name = "rg-app"
  server_name         = "mysql-app-001"
  value               = "OFF" #!
}
`,
      clean: `resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "require_secure_transport"
  resource_group_name = "rg-app"
  server_name         = "mysql-app-001"
  value               = "ON"
}
`,
    },
  },
  {
    rule: 'azure/mariadb-server-ssl-disabled',
    tf: {
      flagged: mariadb('  ssl_enforcement_enabled = false #!\n'),
      clean: mariadb('  ssl_enforcement_enabled = true\n'),
    },
  },
  {
    rule: 'azure/mariadb-server-public-network-access',
    tf: {
      flagged: mariadb('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = true #!\n'),
      clean: mariadb('  ssl_enforcement_enabled       = true\n  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/mariadb-firewall-open-to-internet',
    tf: {
      flagged: firewallRule('azurerm_mariadb_firewall_rule', 'server_name      = "mariadb-app-001"', '0.0.0.0', '255.255.255.255', ' #!'),
      clean: firewallRule('azurerm_mariadb_firewall_rule', 'server_name      = "mariadb-app-001"', '0.0.0.0', '0.0.0.0'),
    },
  },
  // ---- Cosmos DB ----
  {
    rule: 'azure/cosmosdb-account-unrestricted-network',
    tf: {
      flagged: cosmos('', ' #!', '') + cosmos('  ip_range_filter               = []\n', '', '  public_network_access_enabled = true #!\n').replace('"db"', '"db2"')
        // v3 comma-separated string with a /0 entry, next to a VNet filter (either filter admits).
        + cosmos('  is_virtual_network_filter_enabled = true\n  ip_range_filter = "198.51.100.0/24,0.0.0.0/0" #!\n', '', '').replace('"db"', '"db3"'),
      clean: cosmos('  ip_range_filter = ["203.0.113.0/24"]\n', '', '') + cosmos('').replace('"db"', '"db2"')
        + cosmos('  is_virtual_network_filter_enabled = true\n', '', '').replace('"db"', '"db3"')
        // A bare 0.0.0.0 is the "accept connections from Azure datacenters" entry.
        + cosmos('  ip_range_filter = "0.0.0.0,203.0.113.7"\n', '', '').replace('"db"', '"db4"'),
    },
  },
  {
    rule: 'azure/cosmosdb-account-key-metadata-writes',
    tf: {
      flagged: cosmos('  access_key_metadata_writes_enabled = true #!\n'),
      clean: cosmos('  access_key_metadata_writes_enabled = false\n'),
    },
  },
  {
    rule: 'azure/cosmosdb-account-local-auth-enabled',
    tf: {
      flagged: cosmos('  local_authentication_disabled = false #!\n'),
      clean: cosmos('  local_authentication_disabled = true\n'),
    },
  },
  // ---- AKS ----
  {
    rule: 'azure/aks-rbac-disabled',
    tf: {
      flagged: aks('  role_based_access_control_enabled = false #!\n'),
      clean: aks('  role_based_access_control_enabled = true\n'),
    },
  },
  {
    rule: 'azure/aks-api-server-unrestricted',
    tf: {
      flagged: aks('', ' #!', '', '') + aks(`
  api_server_access_profile {
    authorized_ip_ranges = ["0.0.0.0/0"] #!
  }
`, '', '', '').replace('"aks"', '"aks2"') + aks('', '', '', '  private_cluster_enabled = false #!\n').replace('"aks"', '"aks3"'),
      clean: aks(`
  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }
`, '', '', '') + aks('').replace('"aks"', '"aks2"')
        + aks('  api_server_authorized_ip_ranges = ["198.51.100.0/24"]\n', '', '', '').replace('"aks"', '"aks3"')
        // azurerm 2.x spelling of a private cluster.
        + aks('', '', '', '  private_link_enabled = true\n').replace('"aks"', '"aks4"'),
    },
  },
  {
    rule: 'azure/aks-local-accounts-enabled',
    tf: {
      flagged: aks('  local_account_disabled = false #!\n'),
      clean: aks('  local_account_disabled = true\n'),
    },
  },
  {
    rule: 'azure/aks-azure-policy-disabled',
    tf: {
      flagged: aks('  azure_policy_enabled = false #!\n'),
      clean: aks('  azure_policy_enabled = true\n'),
    },
  },
  {
    rule: 'azure/aks-node-public-ip',
    tf: {
      flagged: aks('', '', '    node_public_ip_enabled = true #!\n') + `
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_D2s_v5"
  enable_node_public_ip = true #!
}
`,
      clean: aks('', '', '    node_public_ip_enabled = false\n') + `
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_D2s_v5"
}
`,
    },
  },
  {
    rule: 'azure/aks-http-application-routing',
    tf: {
      flagged: aks('  http_application_routing_enabled = true #!\n'),
      clean: aks('  http_application_routing_enabled = false\n'),
    },
  },
  {
    rule: 'azure/aks-kube-dashboard-enabled',
    tf: {
      flagged: aks(`
  addon_profile {
    kube_dashboard {
      enabled = true #!
    }
  }
`),
      clean: aks(`
  addon_profile {
    kube_dashboard {
      enabled = false
    }
  }
`),
    },
  },
  // ---- App Service ----
  {
    rule: 'azure/app-service-https-only-disabled',
    tf: {
      flagged: webApp('  https_only          = false #!\n') + webApp('  https_only          = false #!\n', '', '', 'azurerm_windows_function_app').replace('"app"', '"fn"'),
      clean: webApp('  https_only          = true\n') + webApp('', '', '', 'azurerm_windows_function_app').replace('"app"', '"fn"'),
    },
  },
  {
    rule: 'azure/app-service-tls-below-1-2',
    tf: {
      flagged: webApp('  https_only = true\n', '    minimum_tls_version     = "1.0" #!\n    scm_minimum_tls_version = "1.1" #!\n'),
      clean: webApp('  https_only = true\n', '    minimum_tls_version     = "1.2"\n    scm_minimum_tls_version = "1.2"\n'),
    },
  },
  {
    rule: 'azure/app-service-ftp-allowed',
    tf: {
      flagged: webApp('  https_only = true\n', '    ftps_state = "AllAllowed" #!\n'),
      clean: webApp('  https_only = true\n', '    ftps_state = "FtpsOnly"\n'),
    },
  },
  {
    rule: 'azure/app-service-remote-debugging',
    tf: {
      flagged: webApp('  https_only = true\n', '    remote_debugging_enabled = true #!\n'),
      clean: webApp('  https_only = true\n', '    remote_debugging_enabled = false\n'),
    },
  },
  {
    rule: 'azure/app-service-cors-any-origin',
    tf: {
      flagged: webApp('  https_only = true\n', '    cors {\n      allowed_origins = ["*"] #!\n    }\n'),
      clean: webApp('  https_only = true\n', '    cors {\n      allowed_origins = ["https://app.example.com"]\n    }\n'),
    },
  },
  // ---- Container Registry ----
  {
    rule: 'azure/container-registry-admin-enabled',
    tf: {
      flagged: registry('  admin_enabled       = true #!\n'),
      clean: registry('  admin_enabled       = false\n'),
    },
  },
  {
    rule: 'azure/container-registry-anonymous-pull',
    tf: {
      flagged: registry('  anonymous_pull_enabled = true #!\n'),
      clean: registry('  anonymous_pull_enabled = false\n'),
    },
  },
  // ---- Virtual machines ----
  {
    rule: 'azure/linux-vm-password-authentication',
    tf: {
      flagged: `resource "azurerm_linux_virtual_machine" "vm" {
  name                            = "vm-app"
  resource_group_name             = "rg-app"
  location                        = "westeurope"
  size                            = "Standard_B2s"
  admin_username                  = "azureuser"
  admin_password                  = var.admin_password
  disable_password_authentication = false #!
  network_interface_ids           = ["/subscriptions/x/nic"]

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
}

variable "admin_password" {
  type      = string
  sensitive = true
}
`,
      clean: `resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm-app"
  resource_group_name   = "rg-app"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = ["/subscriptions/x/nic"]

  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnly"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
}
`,
    },
  },
  {
    rule: 'azure/windows-vm-automatic-updates-disabled',
    tf: {
      flagged: `resource "azurerm_windows_virtual_machine" "vm" {
  name                     = "vm-win"
  resource_group_name      = "rg-app"
  location                 = "westeurope"
  size                     = "Standard_B2s"
  admin_username           = "azureadmin"
  admin_password           = "Placeholder-not-real-1"
  network_interface_ids    = ["/subscriptions/x/nic"]
  enable_automatic_updates = false #!
}

resource "azurerm_virtual_machine" "legacy" {
  name                  = "vm-legacy"
  location              = "westeurope"
  resource_group_name   = "rg-app"
  network_interface_ids = ["/subscriptions/x/nic"]
  vm_size               = "Standard_B2s"

  os_profile_windows_config {
    provision_vm_agent        = true
    enable_automatic_upgrades = false #!
  }
}
`,
      clean: `resource "azurerm_windows_virtual_machine" "vm" {
  name                      = "vm-win"
  resource_group_name       = "rg-app"
  location                  = "westeurope"
  size                      = "Standard_B2s"
  admin_username            = "azureadmin"
  admin_password            = "Placeholder-not-real-1"
  network_interface_ids     = ["/subscriptions/x/nic"]
  automatic_updates_enabled = true
}
`,
    },
  },
  // ---- Monitor / Defender ----
  {
    rule: 'azure/monitor-log-profile-retention-short',
    tf: {
      flagged: `resource "azurerm_monitor_log_profile" "lp" {
  name       = "default"
  categories = ["Action", "Delete", "Write"]
  locations  = ["westeurope", "global"]

  retention_policy {
    enabled = true
    days    = 30 #!
  }
}
`,
      clean: `resource "azurerm_monitor_log_profile" "lp" {
  name       = "default"
  categories = ["Action", "Delete", "Write"]
  locations  = ["westeurope", "global"]

  retention_policy {
    enabled = true
    days    = 365
  }
}
`,
    },
  },
  {
    rule: 'azure/monitor-log-profile-missing-categories',
    tf: {
      flagged: `resource "azurerm_monitor_log_profile" "lp" {
  name       = "default"
  categories = ["Write"] #!
  locations  = ["westeurope", "global"]

  retention_policy {
    enabled = true
    days    = 365
  }
}
`,
      clean: `resource "azurerm_monitor_log_profile" "lp" {
  name       = "default"
  categories = ["Action", "Delete", "Write"]
  locations  = ["westeurope", "global"]

  retention_policy {
    enabled = true
    days    = 365
  }
}
`,
    },
  },
  {
    rule: 'azure/defender-free-tier',
    tf: {
      flagged: `resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Free" #!
  resource_type = "VirtualMachines"
}
`,
      clean: `resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
`,
    },
  },
  {
    rule: 'azure/defender-contact-alerts-disabled',
    tf: {
      flagged: `resource "azurerm_security_center_contact" "sec" {
  name                = "security"
  email               = "security@example.com"
  alert_notifications = false #!
  alerts_to_admins    = false #!
}
`,
      clean: `resource "azurerm_security_center_contact" "sec" {
  name                = "security"
  email               = "security@example.com"
  alert_notifications = true
  alerts_to_admins    = true
}
`,
    },
  },
  // ---- Redis ----
  {
    rule: 'azure/redis-non-ssl-port-enabled',
    tf: {
      flagged: redis('  enable_non_ssl_port = true #!\n') + redis('  non_ssl_port_enabled = true #!\n').replace('"cache"', '"v4"'),
      clean: redis('  non_ssl_port_enabled = false\n'),
    },
  },
  {
    rule: 'azure/redis-tls-below-1-2',
    tf: {
      flagged: redis('  minimum_tls_version = "1.0" #!\n') + `
resource "azurerm_redis_enterprise_cluster" "ent" {
  name                = "redisent-app"
  resource_group_name = "rg-app"
  location            = "westeurope"
  sku_name            = "Enterprise_E10-2"
  minimum_tls_version = "1.1" #!
}
`,
      clean: redis('  minimum_tls_version = "1.2"\n'),
    },
  },
  {
    rule: 'azure/redis-authentication-disabled',
    tf: {
      flagged: redis('  subnet_id = "/subscriptions/x/subnets/cache"\n', '    authentication_enabled = false #!\n'),
      clean: redis('  subnet_id = "/subscriptions/x/subnets/cache"\n', '    authentication_enabled = true\n'),
    },
  },
  {
    rule: 'azure/redis-public-network-access',
    tf: {
      flagged: redis('  public_network_access_enabled = true #!\n'),
      clean: redis('  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/redis-firewall-open-to-internet',
    tf: {
      flagged: `resource "azurerm_redis_firewall_rule" "fw" {
  name                = "all"
  redis_cache_name    = "redis-app-001"
  resource_group_name = "rg-app"
  start_ip            = "0.0.0.0"
  end_ip              = "255.255.255.255" #!
}
`,
      clean: `resource "azurerm_redis_firewall_rule" "fw" {
  name                = "office"
  redis_cache_name    = "redis-app-001"
  resource_group_name = "rg-app"
  start_ip            = "203.0.113.1"
  end_ip              = "203.0.113.20"
}
`,
    },
  },
  // ---- Messaging ----
  {
    rule: 'azure/eventhub-namespace-tls-below-1-2',
    tf: {
      flagged: `resource "azurerm_eventhub_namespace" "ns" {
  name                = "evh-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Standard"
  minimum_tls_version = "1.0" #!
}
`,
      clean: `resource "azurerm_eventhub_namespace" "ns" {
  name                = "evh-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Standard"
  minimum_tls_version = "1.2"
}
`,
    },
  },
  {
    rule: 'azure/servicebus-namespace-tls-below-1-2',
    tf: {
      flagged: `resource "azurerm_servicebus_namespace" "ns" {
  name                = "sb-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Standard"
  minimum_tls_version = "1.1" #!
}
`,
      clean: `resource "azurerm_servicebus_namespace" "ns" {
  name                = "sb-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Standard"
}
`,
    },
  },
  // ---- Data Factory / Synapse ----
  {
    rule: 'azure/data-factory-public-network',
    tf: {
      flagged: `resource "azurerm_data_factory" "adf" {
  name                   = "adf-app"
  location               = "westeurope"
  resource_group_name    = "rg-app"
  public_network_enabled = true #!
}
`,
      clean: `resource "azurerm_data_factory" "adf" {
  name                            = "adf-app"
  location                        = "westeurope"
  resource_group_name             = "rg-app"
  public_network_enabled          = false
  managed_virtual_network_enabled = true
}
`,
    },
  },
  {
    rule: 'azure/synapse-workspace-public-network',
    tf: {
      flagged: `resource "azurerm_synapse_workspace" "syn" {
  name                                 = "syn-app"
  resource_group_name                  = "rg-app"
  location                             = "westeurope"
  storage_data_lake_gen2_filesystem_id = "/subscriptions/x/fs"
  public_network_access_enabled        = true #!
}
`,
      clean: `resource "azurerm_synapse_workspace" "syn" {
  name                                 = "syn-app"
  resource_group_name                  = "rg-app"
  location                             = "westeurope"
  storage_data_lake_gen2_filesystem_id = "/subscriptions/x/fs"
  public_network_access_enabled        = false
  managed_virtual_network_enabled      = true
}
`,
    },
  },
  {
    rule: 'azure/synapse-firewall-open-to-internet',
    tf: {
      flagged: firewallRule('azurerm_synapse_firewall_rule', 'synapse_workspace_id = "/subscriptions/x/workspaces/syn"', '0.0.0.0', '255.255.255.255', ' #!'),
      clean: firewallRule('azurerm_synapse_firewall_rule', 'synapse_workspace_id = "/subscriptions/x/workspaces/syn"', '203.0.113.0', '203.0.113.255'),
    },
  },
  // ---- Application Gateway / Front Door ----
  {
    rule: 'azure/application-gateway-waf-disabled',
    tf: {
      flagged: appGw(`
  waf_configuration {
    enabled          = false #!
    firewall_mode    = "Prevention"
    rule_set_version = "3.2"
  }
`) + `
resource "azurerm_web_application_firewall_policy" "pol" {
  name                = "wafpol"
  resource_group_name = "rg-app"
  location            = "westeurope"

  policy_settings {
    enabled = false #!
  }

  managed_rules {
    managed_rule_set {
      version = "3.2"
    }
  }
}
`,
      clean: appGw(`
  waf_configuration {
    enabled          = true
    firewall_mode    = "Prevention"
    rule_set_version = "3.2"
  }
`),
    },
  },
  {
    rule: 'azure/application-gateway-waf-detection-mode',
    tf: {
      flagged: appGw(`
  waf_configuration {
    enabled          = true
    firewall_mode    = "Detection" #!
    rule_set_version = "3.2"
  }
`),
      clean: appGw(`
  waf_configuration {
    enabled          = true
    firewall_mode    = "Prevention"
    rule_set_version = "3.2"
  }
`),
    },
  },
  {
    rule: 'azure/application-gateway-tls-below-1-2',
    tf: {
      flagged: appGw(`
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20150501" #!
  }
`) + appGw(`
  ssl_policy {
    policy_type          = "Custom"
    min_protocol_version = "TLSv1_1" #!
    cipher_suites        = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]
  }
`).replace('"gw"', '"gw2"') + appGw(`
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101"
  }

  ssl_profile {
    name = "modern"
    ssl_policy {
      policy_type = "Predefined"
      policy_name = "AppGwSslPolicy20220101S"
    }
  }

  ssl_profile {
    name = "legacy-clients"
    ssl_policy {
      policy_type = "Predefined"
      policy_name = "AppGwSslPolicy20170401" #!
    }
  }
`).replace('"gw"', '"gw3"'),
      clean: appGw(`
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101"
  }

  ssl_profile {
    name = "strict"
    ssl_policy {
      policy_type          = "CustomV2"
      min_protocol_version = "TLSv1_3"
    }
  }
`),
    },
  },
  {
    rule: 'azure/frontdoor-waf-disabled',
    tf: {
      flagged: `resource "azurerm_cdn_frontdoor_firewall_policy" "waf" {
  name                = "fdwaf"
  resource_group_name = "rg-app"
  sku_name            = "Premium_AzureFrontDoor"
  enabled             = false #!
  mode                = "Prevention"
}
`,
      clean: `resource "azurerm_cdn_frontdoor_firewall_policy" "waf" {
  name                = "fdwaf"
  resource_group_name = "rg-app"
  sku_name            = "Premium_AzureFrontDoor"
  enabled             = true
  mode                = "Prevention"
}
`,
    },
  },
  {
    rule: 'azure/frontdoor-waf-detection-mode',
    tf: {
      flagged: `resource "azurerm_frontdoor_firewall_policy" "waf" {
  name                = "fdwaf"
  resource_group_name = "rg-app"
  mode                = "Detection" #!
}
`,
      clean: `resource "azurerm_frontdoor_firewall_policy" "waf" {
  name                = "fdwaf"
  resource_group_name = "rg-app"
}
`,
    },
  },
  {
    rule: 'azure/frontdoor-route-serves-http',
    tf: {
      flagged: `resource "azurerm_cdn_frontdoor_route" "web" {
  name                          = "web"
  cdn_frontdoor_endpoint_id     = "/subscriptions/x/endpoints/web"
  cdn_frontdoor_origin_group_id = "/subscriptions/x/originGroups/web"
  cdn_frontdoor_origin_ids      = ["/subscriptions/x/origins/web"]
  supported_protocols           = ["Http", "Https"]
  patterns_to_match             = ["/*"]
  https_redirect_enabled        = false #!
}

resource "azurerm_frontdoor" "classic" {
  name                = "fd-classic"
  resource_group_name = "rg-app"

  routing_rule {
    name               = "web"
    accepted_protocols = ["Http", "Https"] #!
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["web"]

    forwarding_configuration {
      forwarding_protocol = "HttpsOnly"
      backend_pool_name   = "web"
    }
  }
}
`,
      clean: `resource "azurerm_cdn_frontdoor_route" "web" {
  name                          = "web"
  cdn_frontdoor_endpoint_id     = "/subscriptions/x/endpoints/web"
  cdn_frontdoor_origin_group_id = "/subscriptions/x/originGroups/web"
  cdn_frontdoor_origin_ids      = ["/subscriptions/x/origins/web"]
  supported_protocols           = ["Https"]
  patterns_to_match             = ["/*"]
  https_redirect_enabled        = false
}

resource "azurerm_frontdoor" "classic" {
  name                = "fd-classic"
  resource_group_name = "rg-app"

  routing_rule {
    name               = "web"
    accepted_protocols = ["Https"]
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["web"]

    forwarding_configuration {
      forwarding_protocol = "HttpsOnly"
      backend_pool_name   = "web"
    }
  }

  routing_rule {
    name               = "to-https"
    accepted_protocols = ["Http"]
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["web"]

    redirect_configuration {
      redirect_protocol = "HttpsOnly"
      redirect_type     = "Moved"
    }
  }
}
`,
    },
  },
  // ---- Identity / API Management ----
  {
    rule: 'azure/role-definition-wildcard-actions',
    tf: {
      flagged: `resource "azurerm_role_definition" "ops" {
  name  = "ops-everything"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["*"] #!
    not_actions = []
  }

  assignable_scopes = ["/subscriptions/00000000-0000-0000-0000-000000000000"]
}
`,
      clean: `resource "azurerm_role_definition" "ops" {
  name  = "vm-operator"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/read"]
    not_actions = []
  }

  assignable_scopes = ["/subscriptions/00000000-0000-0000-0000-000000000000"]
}
`,
    },
  },
  {
    rule: 'azure/api-management-legacy-tls-enabled',
    tf: {
      flagged: `resource "azurerm_api_management" "apim" {
  name                = "apim-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  publisher_name      = "Example"
  publisher_email     = "api@example.com"
  sku_name            = "Developer_1"

  security {
    enable_frontend_tls10 = true #!
    backend_tls11_enabled = true #!
  }
}
`,
      clean: `resource "azurerm_api_management" "apim" {
  name                = "apim-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  publisher_name      = "Example"
  publisher_email     = "api@example.com"
  sku_name            = "Developer_1"

  security {
    frontend_tls10_enabled = false
    backend_tls11_enabled  = false
  }
}
`,
    },
  },
  {
    rule: 'azure/app-service-client-certificates-off',
    tf: {
      flagged: webApp('  https_only                 = true\n  client_certificate_enabled = false #!\n') + `
resource "azurerm_app_service" "legacy" {
  name                = "app-legacy-001"
  location            = "westeurope"
  resource_group_name = "rg-app"
  app_service_plan_id = "/subscriptions/x/serverfarms/plan"
  https_only          = true
  client_cert_enabled = false #!
}
`,
      clean: webApp('  https_only                 = true\n  client_certificate_enabled = true\n  client_certificate_mode    = "Required"\n'),
    },
  },
  {
    rule: 'azure/container-registry-public-network-access',
    tf: {
      flagged: registry('  public_network_access_enabled = true #!\n'),
      clean: registry('  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/eventhub-namespace-public-network-access',
    tf: {
      flagged: messagingNs('azurerm_eventhub_namespace', '  public_network_access_enabled = true #!\n'),
      clean: messagingNs('azurerm_eventhub_namespace', '  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/servicebus-namespace-public-network-access',
    tf: {
      flagged: messagingNs('azurerm_servicebus_namespace', '  public_network_access_enabled = true #!\n'),
      clean: messagingNs('azurerm_servicebus_namespace', '  public_network_access_enabled = false\n'),
    },
  },
  {
    rule: 'azure/eventhub-namespace-local-auth-enabled',
    tf: {
      flagged: messagingNs('azurerm_eventhub_namespace', '  local_authentication_enabled = true #!\n'),
      clean: messagingNs('azurerm_eventhub_namespace', '  local_authentication_enabled = false\n'),
    },
  },
  {
    rule: 'azure/servicebus-namespace-local-auth-enabled',
    tf: {
      flagged: messagingNs('azurerm_servicebus_namespace', '  local_auth_enabled = true #!\n'),
      clean: messagingNs('azurerm_servicebus_namespace', '  local_auth_enabled = false\n'),
    },
  },
  {
    rule: 'azure/vm-encryption-at-host-disabled',
    tf: {
      flagged: linuxVm('  encryption_at_host_enabled = false #!\n'),
      clean: linuxVm('  encryption_at_host_enabled = true\n'),
    },
  },
  {
    rule: 'azure/managed-disk-encryption-disabled',
    tf: {
      flagged: `resource "azurerm_managed_disk" "data" {
  name                 = "disk-data"
  location             = "westeurope"
  resource_group_name  = "rg-app"
  storage_account_type = "Premium_LRS"
  create_option        = "Empty"
  disk_size_gb         = 128

  encryption_settings {
    enabled = false #!
  }
}
`,
      clean: `resource "azurerm_managed_disk" "data" {
  name                   = "disk-data"
  location               = "westeurope"
  resource_group_name    = "rg-app"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 128
  disk_encryption_set_id = "/subscriptions/x/diskEncryptionSets/des"
}
`,
    },
  },
  {
    rule: 'azure/vm-public-ip-attached',
    tf: {
      flagged: `resource "azurerm_public_ip" "vm" {
  name                = "pip-vm"
  location            = "westeurope"
  resource_group_name = "rg-app"
  allocation_method   = "Static"
  sku                 = "Standard"
}

resource "azurerm_network_interface" "vm" {
  name                = "nic-vm"
  location            = "westeurope"
  resource_group_name = "rg-app"

  ip_configuration {
    name                          = "internal"
    subnet_id                     = "/subscriptions/x/subnets/app"
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.vm.id #!
  }
}

resource "azurerm_linux_virtual_machine_scale_set" "web" {
  name                = "vmss-web"
  resource_group_name = "rg-app"
  location            = "westeurope"
  sku                 = "Standard_B2s"
  instances           = 2
  admin_username      = "azureuser"

  network_interface {
    name    = "nic"
    primary = true

    ip_configuration {
      name      = "internal"
      primary   = true
      subnet_id = "/subscriptions/x/subnets/app"

      public_ip_address { #!
        name = "pip"
      }
    }
  }
}
`,
      clean: `resource "azurerm_public_ip" "lb" {
  name                = "pip-lb"
  location            = "westeurope"
  resource_group_name = "rg-app"
  allocation_method   = "Static"
  sku                 = "Standard"
}

resource "azurerm_network_interface" "vm" {
  name                = "nic-vm"
  location            = "westeurope"
  resource_group_name = "rg-app"

  ip_configuration {
    name                          = "internal"
    subnet_id                     = "/subscriptions/x/subnets/app"
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_lb" "web" {
  name                = "lb-web"
  location            = "westeurope"
  resource_group_name = "rg-app"
  sku                 = "Standard"

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.lb.id
  }
}
`,
    },
  },
  {
    rule: 'azure/postgresql-geo-redundant-backup-disabled',
    tf: {
      flagged: pgServer('  ssl_enforcement_enabled      = true\n  geo_redundant_backup_enabled = false #!\n'),
      clean: pgServer('  ssl_enforcement_enabled      = true\n  geo_redundant_backup_enabled = true\n'),
    },
  },
  {
    rule: 'azure/mysql-geo-redundant-backup-disabled',
    tf: {
      flagged: `resource "azurerm_mysql_flexible_server" "db" {
  name                         = "mysqlflex-app-001"
  resource_group_name          = "rg-app"
  location                     = "westeurope"
  sku_name                     = "GP_Standard_D2ds_v4"
  geo_redundant_backup_enabled = false #!
}
`,
      clean: `resource "azurerm_mysql_flexible_server" "db" {
  name                         = "mysqlflex-app-001"
  resource_group_name          = "rg-app"
  location                     = "westeurope"
  sku_name                     = "GP_Standard_D2ds_v4"
  geo_redundant_backup_enabled = true
}
`,
    },
  },
  {
    rule: 'azure/mysql-flexible-tls-below-1-2',
    tf: {
      flagged: `resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "tls_version"
  resource_group_name = "rg-app"
  server_name         = "mysql-app-001"
  value               = "TLSv1.1,TLSv1.2" #!
}
`,
      clean: `resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "tls_version"
  resource_group_name = "rg-app"
  server_name         = "mysql-app-001"
  value               = "TLSv1.2,TLSv1.3"
}
`,
    },
  },
  {
    rule: 'azure/aks-network-policy-missing',
    tf: {
      flagged: aks('', ' #!', '', undefined, '') + aks('', '', '', undefined, `
  network_profile { #!
    network_plugin = "kubenet"
  }
`).replace('"aks"', '"aks2"'),
      clean: aks('') + aks('', '', '', undefined, `
  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
  }
`).replace('"aks"', '"aks2"'),
    },
  },
  {
    rule: 'azure/sql-server-no-entra-admin',
    tf: {
      flagged: sqlServer('', '').replace('resource "azurerm_mssql_server" "sql" {', 'resource "azurerm_mssql_server" "sql" { #!'),
      clean: sqlServer('') + `
resource "azurerm_sql_server" "legacy" {
  name                         = "sql-legacy-001"
  resource_group_name          = "rg-app"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_sql_active_directory_administrator" "legacy" {
  server_name         = azurerm_sql_server.legacy.name
  resource_group_name = "rg-app"
  login               = "sql-admins"
  tenant_id           = "00000000-0000-0000-0000-000000000002"
  object_id           = "00000000-0000-0000-0000-000000000001"
}
`,
    },
  },
  {
    rule: 'azure/windows-vm-winrm-http',
    tf: {
      flagged: `resource "azurerm_windows_virtual_machine" "vm" {
  name                  = "vm-win"
  resource_group_name   = "rg-app"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureadmin"
  admin_password        = "Placeholder-not-real-1"
  network_interface_ids = ["/subscriptions/x/nic"]

  winrm_listener {
    protocol = "Http" #!
  }
}

resource "azurerm_virtual_machine" "legacy" {
  name                  = "vm-legacy"
  location              = "westeurope"
  resource_group_name   = "rg-app"
  network_interface_ids = ["/subscriptions/x/nic"]
  vm_size               = "Standard_B2s"

  os_profile_windows_config {
    provision_vm_agent = true

    winrm {
      protocol = "HTTP" #!
    }
  }
}
`,
      clean: `resource "azurerm_windows_virtual_machine" "vm" {
  name                  = "vm-win"
  resource_group_name   = "rg-app"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureadmin"
  admin_password        = "Placeholder-not-real-1"
  network_interface_ids = ["/subscriptions/x/nic"]

  winrm_listener {
    protocol        = "Https"
    certificate_url = "https://kv-app-001.vault.azure.net/secrets/winrm/0123456789abcdef"
  }
}
`,
    },
  },
  {
    rule: 'azure/application-gateway-http-listener',
    tf: {
      flagged: appGw(`
  http_listener {
    name                           = "web-http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http" #!
  }

  request_routing_rule {
    name                       = "web"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "web-http"
    backend_address_pool_name  = "web"
    backend_http_settings_name = "web"
  }
`),
      clean: appGw(`
  http_listener {
    name                           = "web-https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "web"
  }

  http_listener {
    name                           = "web-http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  redirect_configuration {
    name                 = "to-https"
    redirect_type        = "Permanent"
    target_listener_name = "web-https"
  }

  request_routing_rule {
    name                       = "web"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "web-https"
    backend_address_pool_name  = "web"
    backend_http_settings_name = "web"
  }

  request_routing_rule {
    name                        = "redirect"
    priority                    = 110
    rule_type                   = "Basic"
    http_listener_name          = "web-http"
    redirect_configuration_name = "to-https"
  }
`),
    },
  },
  {
    rule: 'azure/role-definition-can-assign-roles',
    tf: {
      flagged: `resource "azurerm_role_definition" "delegate" {
  name  = "access-delegate"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Authorization/*"] #!
    not_actions = []
  }
}

# Editing role definitions lets the holder widen a role they already have.
resource "azurerm_role_definition" "role_author" {
  name  = "role-author"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions = [ #!
      "Microsoft.Authorization/roleDefinitions/read",
      "Microsoft.Authorization/roleDefinitions/WRITE",
    ]
  }
}
`,
      clean: `resource "azurerm_role_definition" "contributor_like" {
  name  = "contributor-like"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["Microsoft.Compute/*", "Microsoft.Authorization/*/read"]
    not_actions = []
  }
}

resource "azurerm_role_definition" "carved" {
  name  = "network-admin"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["Microsoft.Network/*", "Microsoft.Authorization/*"]
    not_actions = ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"]
  }
}
`,
    },
  },
  {
    rule: 'azure/aks-private-cluster-disabled',
    tf: {
      flagged: aks('  api_server_authorized_ip_ranges = ["198.51.100.0/24"]\n', '', '', '  private_cluster_enabled = false #!\n'),
      clean: aks('  api_server_authorized_ip_ranges = ["198.51.100.0/24"]\n', '', '', '  private_cluster_enabled = true\n'),
    },
  },
  {
    rule: 'azure/app-service-no-managed-identity',
    tf: {
      flagged: webApp('  https_only = true\n', '', ' #!', 'azurerm_linux_function_app', ''),
      clean: webApp('  https_only = true\n', '', '', 'azurerm_linux_function_app') + webApp('  https_only = true\n', '', '', 'azurerm_windows_web_app', `
  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/x/userAssignedIdentities/app"]
  }
`).replace('"app"', '"win"'),
    },
  },
  {
    rule: 'azure/api-management-3des-enabled',
    tf: {
      flagged: `resource "azurerm_api_management" "apim" {
  name                = "apim-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  publisher_name      = "Example"
  publisher_email     = "api@example.com"
  sku_name            = "Developer_1"

  security {
    triple_des_ciphers_enabled = true #!
  }
}
`,
      clean: `resource "azurerm_api_management" "apim" {
  name                = "apim-app"
  location            = "westeurope"
  resource_group_name = "rg-app"
  publisher_name      = "Example"
  publisher_email     = "api@example.com"
  sku_name            = "Developer_1"

  security {
    triple_des_ciphers_enabled = false
  }
}
`,
    },
  },
  {
    rule: 'azure/databricks-cluster-public-ip',
    tf: {
      flagged: `resource "azurerm_databricks_workspace" "dbw" {
  name                = "dbw-app"
  resource_group_name = "rg-app"
  location            = "westeurope"
  sku                 = "premium"

  custom_parameters {
    no_public_ip = false #!
  }
}
`,
      clean: `resource "azurerm_databricks_workspace" "dbw" {
  name                = "dbw-app"
  resource_group_name = "rg-app"
  location            = "westeurope"
  sku                 = "premium"

  custom_parameters {
    no_public_ip = true
  }
}
`,
    },
  },
  {
    rule: 'azure/app-service-basic-auth-publishing',
    tf: {
      flagged: webApp('  https_only                                     = true\n  ftp_publish_basic_authentication_enabled       = true #!\n  webdeploy_publish_basic_authentication_enabled = true #!\n'),
      clean: webApp('  https_only                                     = true\n  ftp_publish_basic_authentication_enabled       = false\n  webdeploy_publish_basic_authentication_enabled = false\n'),
    },
  },
  {
    rule: 'azure/mariadb-server-tls-below-1-2',
    tf: {
      flagged: mariadb('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_1" #!\n'),
      clean: mariadb('  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n'),
    },
  },
  {
    rule: 'azure/mariadb-geo-redundant-backup-disabled',
    tf: {
      flagged: mariadb('  ssl_enforcement_enabled      = true\n  geo_redundant_backup_enabled = false #!\n'),
      clean: mariadb('  ssl_enforcement_enabled      = true\n  geo_redundant_backup_enabled = true\n'),
    },
  },
];
