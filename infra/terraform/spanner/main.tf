# Cloud Spanner for the BlueMarble economy (currency, items, trades, ledger).
# The database schema comes from the application's own DDL files: there is no copy here.

locals {
  ddl_dir = coalesce(var.ddl_dir, "${path.module}/../../../functions/adapter-spanner/src/main/resources/db/spanner")
}

module "ddl" {
  source  = "./modules/ddl"
  ddl_dir = local.ddl_dir
}

resource "google_spanner_instance" "bluemarble" {
  name         = var.instance_id
  config       = var.instance_config
  display_name = "BlueMarble economy"
  edition      = var.edition
  labels       = var.labels

  # Exactly one of processing_units / autoscaling_config may be set.
  processing_units = var.autoscaling == null ? var.processing_units : null

  dynamic "autoscaling_config" {
    for_each = var.autoscaling == null ? [] : [var.autoscaling]
    content {
      autoscaling_limits {
        min_processing_units = autoscaling_config.value.min_processing_units
        max_processing_units = autoscaling_config.value.max_processing_units
      }
      autoscaling_targets {
        high_priority_cpu_utilization_percent = autoscaling_config.value.high_priority_cpu_utilization_percent
        storage_utilization_percent           = autoscaling_config.value.storage_utilization_percent
      }
    }
  }

  # Never delete an instance that still has backups.
  force_destroy = false

  lifecycle {
    prevent_destroy = true
  }
}

resource "google_spanner_database" "bluemarble" {
  instance                 = google_spanner_instance.bluemarble.name
  name                     = var.database_id
  database_dialect         = "GOOGLE_STANDARD_SQL"
  version_retention_period = var.version_retention_period

  # New migration files append statements, which the provider applies as a schema update.
  # Editing an already-applied file changes earlier statements and would force replacement,
  # which both protections below refuse.
  ddl = module.ddl.statements

  # Terraform refuses to destroy it, and Spanner refuses to drop it (and its instance).
  deletion_protection    = true
  enable_drop_protection = true
}

# Read-write data access for the functions' (federated) service account on this one database; no schema or
# admin rights, nothing on the instance or the project.
resource "google_spanner_database_iam_member" "functions" {
  instance = google_spanner_instance.bluemarble.name
  database = google_spanner_database.bluemarble.name
  role     = "roles/spanner.databaseUser"
  member   = google_service_account.functions.member
}
