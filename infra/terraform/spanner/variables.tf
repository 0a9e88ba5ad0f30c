variable "project_id" {
  description = "GCP project that owns the Spanner instance."
  type        = string
}

variable "instance_id" {
  description = "Spanner instance ID (also BLUEMARBLE_SPANNER_INSTANCE_ID of the functions)."
  type        = string
  default     = "bluemarble"
}

variable "database_id" {
  description = "Spanner database ID (also BLUEMARBLE_SPANNER_DATABASE_ID of the functions)."
  type        = string
  default     = "bluemarble"
}

variable "instance_config" {
  description = "Instance configuration. The default multi-region spans North America, Europe and Asia, like the AWS regions the functions run in."
  type        = string
  default     = "nam-eur-asia1"
}

variable "edition" {
  description = "Spanner edition. Multi-region configurations need ENTERPRISE_PLUS."
  type        = string
  default     = "ENTERPRISE_PLUS"

  validation {
    condition     = contains(["STANDARD", "ENTERPRISE", "ENTERPRISE_PLUS"], var.edition)
    error_message = "edition must be STANDARD, ENTERPRISE or ENTERPRISE_PLUS."
  }
}

variable "autoscaling" {
  description = "Managed autoscaling of compute capacity. Set to null to use a fixed processing_units instead."
  type = object({
    min_processing_units                  = number
    max_processing_units                  = number
    high_priority_cpu_utilization_percent = number
    storage_utilization_percent           = number
  })
  default = {
    min_processing_units                  = 1000
    max_processing_units                  = 5000
    high_priority_cpu_utilization_percent = 65
    storage_utilization_percent           = 90
  }

  validation {
    condition = var.autoscaling == null ? true : (
      var.autoscaling.min_processing_units <= var.autoscaling.max_processing_units
      && var.autoscaling.min_processing_units % 1000 == 0
      && var.autoscaling.max_processing_units % 1000 == 0
    )
    error_message = "autoscaling limits must be whole nodes (multiples of 1000 processing units) with min <= max."
  }
}

variable "processing_units" {
  description = "Fixed compute capacity, used only when autoscaling is null."
  type        = number
  default     = 1000

  validation {
    condition     = var.processing_units >= 100 && (var.processing_units < 1000 ? var.processing_units % 100 == 0 : var.processing_units % 1000 == 0)
    error_message = "processing_units must be a multiple of 100 below 1000 and a multiple of 1000 from 1000 on."
  }
}

variable "version_retention_period" {
  description = "How far back stale reads and point-in-time recovery can go (backupCreate reads at one timestamp)."
  type        = string
  default     = "7d"
}

variable "ddl_dir" {
  description = "Directory of the application's DDL files; the default is the app's own migration directory, so there is no copy."
  type        = string
  default     = null
}

variable "functions_service_account_id" {
  description = "Account id of the service account the AWS functions impersonate (created here; it has no keys)."
  type        = string
  default     = "bluemarble-functions"
}

variable "aws_account_id" {
  description = "The AWS account the BlueMarble functions run in: the workload identity pool's AWS provider trusts it."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account id."
  }
}

variable "aws_role_name_prefix" {
  description = "Name prefix of the AWS execution roles that may federate (FunctionCatalog.FEDERATED_ROLE_PREFIX of the CDK app)."
  type        = string
  default     = "bluemarble-spanner-"
}

variable "workload_identity_pool_id" {
  description = "Workload identity pool of the AWS functions."
  type        = string
  default     = "bluemarble-aws"
}

variable "labels" {
  description = "Labels on the instance."
  type        = map(string)
  default = {
    app = "bluemarble"
  }
}
