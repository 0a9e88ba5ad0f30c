terraform {
  # 1.7+: terraform test with expect_failures on outputs (modules/ddl/tests).
  required_version = ">= 1.7"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 6.x and 7.x both have edition, autoscaling_config and enable_drop_protection.
      version = ">= 6.0, < 8.0"
    }
  }
}

provider "google" {
  project = var.project_id
}
