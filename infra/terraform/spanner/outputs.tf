output "project_id" {
  value = var.project_id
}

output "instance_id" {
  value = google_spanner_instance.bluemarble.name
}

output "database_id" {
  value = google_spanner_database.bluemarble.name
}

output "ddl_files" {
  description = "Migration files applied, in order."
  value       = module.ddl.files
}

output "functions_service_account" {
  description = "The service account the federated AWS roles impersonate (roles/spanner.databaseUser on the database)."
  value       = google_service_account.functions.email
}

output "workload_identity_provider" {
  value = google_iam_workload_identity_pool_provider.aws.name
}

output "credentials_config" {
  description = "external_account credential configuration for the functions (not a secret)."
  value       = local.credentials_config
}

# The AWS stacks read the Spanner coordinates and the credential configuration from these SSM parameters in every
# region (see infra/README.md): put them with `aws ssm put-parameter` after apply.
output "aws_ssm_parameters" {
  value = {
    "/bluemarble/spanner/project-id"         = var.project_id
    "/bluemarble/spanner/instance-id"        = google_spanner_instance.bluemarble.name
    "/bluemarble/spanner/database-id"        = google_spanner_database.bluemarble.name
    "/bluemarble/spanner/credentials-config" = local.credentials_config
  }
}
