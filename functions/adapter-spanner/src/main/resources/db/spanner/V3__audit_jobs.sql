-- BlueMarble economy schema, version 3: durable progress of partitioned audits (docs/audit.md).
-- Applied after V2 by the harness (SpannerSchema) and by Terraform.
-- One row per audit: its read timestamp and plan (the partition boundaries, one player id a line).
-- Spanner deletes an audit (and, by the cascade, its partitions) 30 days after it started.
CREATE TABLE AuditJobs (
  AuditId STRING(36) NOT NULL,
  ReadTimestamp TIMESTAMP NOT NULL,
  Players INT64 NOT NULL,
  PartitionCount INT64 NOT NULL,
  Boundaries STRING(MAX) NOT NULL,
  StartedAt TIMESTAMP NOT NULL,
) PRIMARY KEY (AuditId),
  ROW DELETION POLICY (OLDER_THAN(StartedAt, INTERVAL 30 DAY));

-- One row per finished partition: inserted once (a second worker's insert finds it and stops), so
-- a partition is never counted twice. Partial is the partition's totals in AuditPartial's text form.
CREATE TABLE AuditPartitions (
  AuditId STRING(36) NOT NULL,
  PartitionIndex INT64 NOT NULL,
  Partial STRING(MAX) NOT NULL,
  RecordedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (AuditId, PartitionIndex),
  INTERLEAVE IN PARENT AuditJobs ON DELETE CASCADE;
