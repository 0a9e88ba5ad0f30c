-- BlueMarble economy schema, version 1. The one copy of the DDL: applied by the local/test
-- harness (SpannerSchema) and by Terraform (infra/terraform/spanner). Statements end with ';'.
-- Comments are whole lines only, so tools can strip them before splitting.
-- Every economic row hangs off its player (interleaved), so one trade touches two key ranges.
CREATE TABLE Players (
  PlayerId STRING(64) NOT NULL,
  CreatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (PlayerId);

CREATE TABLE CurrencyBalances (
  PlayerId STRING(64) NOT NULL,
  Currency STRING(64) NOT NULL,
  Amount INT64 NOT NULL,
  CONSTRAINT CurrencyBalanceNotNegative CHECK (Amount >= 0),
) PRIMARY KEY (PlayerId, Currency),
  INTERLEAVE IN PARENT Players ON DELETE NO ACTION;

-- Stackable SKUs: one row per (player, SKU) with a count.
CREATE TABLE ItemStacks (
  PlayerId STRING(64) NOT NULL,
  Sku STRING(64) NOT NULL,
  Quantity INT64 NOT NULL,
  CONSTRAINT ItemQuantityNotNegative CHECK (Quantity >= 0),
) PRIMARY KEY (PlayerId, Sku),
  INTERLEAVE IN PARENT Players ON DELETE NO ACTION;

-- Unique SKUs: one row per instance; the unique index makes a duplicated instance impossible.
CREATE TABLE ItemInstances (
  PlayerId STRING(64) NOT NULL,
  Sku STRING(64) NOT NULL,
  InstanceId STRING(36) NOT NULL,
) PRIMARY KEY (PlayerId, Sku, InstanceId),
  INTERLEAVE IN PARENT Players ON DELETE NO ACTION;

CREATE UNIQUE INDEX ItemInstancesByInstanceId ON ItemInstances (InstanceId);

-- Append-only ledger: one row per player, asset and grant/trade, so a transaction may write
-- several rows for one player. Asset is 'currency:<name>' or 'item:<sku>'.
CREATE TABLE LedgerEntries (
  PlayerId STRING(64) NOT NULL,
  TransactionId STRING(36) NOT NULL,
  Asset STRING(80) NOT NULL,
  Source STRING(8) NOT NULL,
  Delta INT64 NOT NULL,
  CommittedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (PlayerId, TransactionId, Asset),
  INTERLEAVE IN PARENT Players ON DELETE NO ACTION;

-- Idempotency records: the request's fingerprint and the answer a replay returns.
CREATE TABLE Trades (
  TradeId STRING(36) NOT NULL,
  Fingerprint STRING(64) NOT NULL,
  Request STRING(MAX) NOT NULL,
  Status STRING(16) NOT NULL,
  ErrorCode STRING(64),
  Message STRING(1024),
  PlayerA STRING(64) NOT NULL,
  PlayerB STRING(64) NOT NULL,
  CommittedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (TradeId);

CREATE TABLE Grants (
  GrantId STRING(36) NOT NULL,
  Fingerprint STRING(64) NOT NULL,
  Request STRING(MAX) NOT NULL,
  Status STRING(16) NOT NULL,
  ErrorCode STRING(64),
  Message STRING(1024),
  PlayerId STRING(64) NOT NULL,
  CommittedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (GrantId);
