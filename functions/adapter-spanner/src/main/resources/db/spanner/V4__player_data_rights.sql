-- BlueMarble economy schema, version 4: player data rights (docs/data-rights.md). Applied after V3
-- by the harness (SpannerSchema) and by Terraform.
-- The erasure and export tables below are outside every backup: SpannerEconomyBackup leaves them
-- out of its table list (SpannerSchema.NOT_BACKED_UP), so no backup exports them and no restore
-- deletes or overwrites them. That is what lets a restore re-apply every recorded erasure.
-- One row per erasure: who, why and when. PendingSince is set until every step of the saga is done,
-- so the NULL_FILTERED index below holds the unfinished erasures only (what a driver resumes).
CREATE TABLE Erasures (
  EraseId STRING(36) NOT NULL,
  PlayerId STRING(64) NOT NULL,
  Reason STRING(1024) NOT NULL,
  RecordedAt TIMESTAMP NOT NULL,
  PendingSince TIMESTAMP,
) PRIMARY KEY (EraseId);

CREATE NULL_FILTERED INDEX UnfinishedErasures ON Erasures (PendingSince);

-- One row per completed step of an erasure, inserted once (the first completion is kept).
CREATE TABLE ErasureSteps (
  EraseId STRING(36) NOT NULL,
  Step STRING(64) NOT NULL,
  DoneAt TIMESTAMP NOT NULL,
) PRIMARY KEY (EraseId, Step),
  INTERLEAVE IN PARENT Erasures ON DELETE CASCADE;

-- The economy's freeze mark: one row per erased player, written in the erasure record's own
-- transaction and never removed. Every economy write reads the marks of the players it names in
-- its read-write transaction and is refused (409 PLAYER_ERASED) if one is there. Not interleaved in
-- Players: a restore deletes and rewrites Players, and the mark must survive it.
CREATE TABLE ErasedPlayers (
  PlayerId STRING(64) NOT NULL,
  ErasedAt TIMESTAMP NOT NULL,
) PRIMARY KEY (PlayerId);

-- One row per export: whose and when; Failure once it cannot complete. PendingSince as in Erasures.
CREATE TABLE Exports (
  ExportId STRING(36) NOT NULL,
  PlayerId STRING(64) NOT NULL,
  StartedAt TIMESTAMP NOT NULL,
  Failure STRING(1024),
  FailedAt TIMESTAMP,
  PendingSince TIMESTAMP,
) PRIMARY KEY (ExportId);

CREATE NULL_FILTERED INDEX UnfinishedExports ON Exports (PendingSince);

CREATE TABLE ExportSteps (
  ExportId STRING(36) NOT NULL,
  Step STRING(64) NOT NULL,
  DoneAt TIMESTAMP NOT NULL,
) PRIMARY KEY (ExportId, Step),
  INTERLEAVE IN PARENT Exports ON DELETE CASCADE;

-- A player's export lists every listing they created, open or closed: through this index, never
-- by a scan of the trading post.
CREATE INDEX ListingsBySeller ON Listings (SellerId);
