# Turns the application's Flyway-style Spanner DDL files into the statement list that
# google_spanner_database.ddl expects. No providers: it runs (and is tested) offline.
#
# File contract (shared with the app): files named V<version>__<description>.sql, statements
# separated by ';', comments only as full lines starting with '--'.

variable "ddl_dir" {
  description = "Directory holding the V<version>__<description>.sql files."
  type        = string
}

locals {
  files = fileset(var.ddl_dir, "V*__*.sql")

  # Group by numeric version so V10 sorts after V9 (a plain sort is lexical) and so a
  # version used twice is reported instead of silently picking one file.
  files_by_version = {
    for f in local.files : format("%012d", tonumber(regex("^V([0-9]+)__", f)[0])) => f...
  }
  duplicate_versions = [for v, fs in local.files_by_version : join(", ", fs) if length(fs) > 1]
  ordered_files      = [for v in sort(keys(local.files_by_version)) : local.files_by_version[v][0]]

  statements = flatten([
    for f in local.ordered_files : [
      for s in split(";", join("\n", [
        for line in split("\n", replace(file("${var.ddl_dir}/${f}"), "\r\n", "\n")) : line
        if !startswith(trimspace(line), "--")
      ])) : trimspace(s)
      if trimspace(s) != ""
    ]
  ])
}

output "files" {
  description = "DDL files in apply order."
  value       = local.ordered_files
}

output "statements" {
  description = "DDL statements in apply order, without comments or terminators."
  value       = local.statements

  precondition {
    condition     = length(local.files) > 0
    error_message = "No V<version>__<description>.sql files found in ${var.ddl_dir}."
  }
  precondition {
    condition     = length(local.duplicate_versions) == 0
    error_message = "More than one DDL file has the same version: ${join("; ", local.duplicate_versions)}."
  }
}
