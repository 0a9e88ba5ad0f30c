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

# The AWS stacks read the Spanner coordinates from these SSM parameters in every region
# (see infra/README.md): put them with `aws ssm put-parameter` after apply.
output "aws_ssm_parameters" {
  value = {
    "/bluemarble/spanner/project-id"  = var.project_id
    "/bluemarble/spanner/instance-id" = google_spanner_instance.bluemarble.name
    "/bluemarble/spanner/database-id" = google_spanner_database.bluemarble.name
  }
}
