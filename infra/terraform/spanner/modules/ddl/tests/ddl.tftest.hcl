# terraform test: offline, no providers. Run by infra/terraform/check.sh.

run "statements_follow_numeric_file_order_without_comments" {
  command = plan

  variables {
    ddl_dir = "tests/fixtures/ordered"
  }

  assert {
    condition     = output.files == ["V1__players.sql", "V2__ledger.sql", "V10__trades.sql"]
    error_message = "files must be ordered by numeric version, got ${jsonencode(output.files)}"
  }

  assert {
    condition     = length(output.statements) == 4
    error_message = "expected 4 statements, got ${jsonencode(output.statements)}"
  }

  assert {
    condition     = startswith(output.statements[0], "CREATE TABLE Players (") && endswith(output.statements[0], ") PRIMARY KEY (PlayerId)")
    error_message = "first statement wrong: ${output.statements[0]}"
  }

  assert {
    condition     = output.statements[1] == "CREATE INDEX PlayersByCreatedAt ON Players(CreatedAt)"
    error_message = "comment lines (even with ';' in them) must be dropped: ${output.statements[1]}"
  }

  assert {
    condition     = output.statements[3] == "CREATE TABLE Trades (\n  TradeId STRING(36) NOT NULL,\n) PRIMARY KEY (TradeId)"
    error_message = "CRLF files and a missing final ';' must work: ${jsonencode(output.statements[3])}"
  }

  assert {
    condition     = alltrue([for s in output.statements : !strcontains(s, "--") && !strcontains(s, ";")])
    error_message = "no statement may keep a comment or a terminator"
  }
}

run "two_files_with_the_same_version_are_rejected" {
  command = plan

  variables {
    ddl_dir = "tests/fixtures/duplicate"
  }

  expect_failures = [output.statements]
}

run "a_directory_without_migrations_is_rejected" {
  command = plan

  variables {
    ddl_dir = "tests/fixtures/empty"
  }

  expect_failures = [output.statements]
}
