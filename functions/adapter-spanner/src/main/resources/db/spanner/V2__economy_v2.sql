-- BlueMarble economy schema, version 2: sinks (purchase, consume, craft), the trading post and
-- player history. Applied after V1 by the harness (SpannerSchema) and by Terraform.
-- A secondary ledger row of one operation is keyed '<key>/fee', '<listing>/cancel' or
-- '<listing>/expiry', so the ledger's entry id grows past a bare UUID.
ALTER TABLE LedgerEntries ALTER COLUMN TransactionId STRING(64) NOT NULL;

-- playerHistory: a player's ledger newest first, read through this index, never by a scan.
CREATE INDEX LedgerEntriesByPlayerTime ON LedgerEntries (PlayerId, CommittedAt DESC),
  INTERLEAVE IN Players;

-- Idempotency records of purchase, consume, craft, listingCreate and listingBuy: the request's
-- fingerprint and the answer a replay returns (Details: the answer's figures, 'name=value;...').
CREATE TABLE Operations (
  OperationId STRING(36) NOT NULL,
  Kind STRING(16) NOT NULL,
  PlayerId STRING(64) NOT NULL,
  Fingerprint STRING(64) NOT NULL,
  Request STRING(MAX) NOT NULL,
  Status STRING(16) NOT NULL,
  ErrorCode STRING(64),
  Message STRING(1024),
  Details STRING(MAX),
  CommittedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY (OperationId);

-- Units of a shop offer a player bought (for maxPerPlayer): one row per player and offer, so
-- no row is shared by all buyers.
CREATE TABLE OfferPurchases (
  PlayerId STRING(64) NOT NULL,
  OfferId STRING(64) NOT NULL,
  Quantity INT64 NOT NULL,
) PRIMARY KEY (PlayerId, OfferId),
  INTERLEAVE IN PARENT Players ON DELETE NO ACTION;

-- The trading post: one row per sell order; its items are in escrow (held by the listing, not by
-- a player; unique instances' ids in InstanceIds, comma-separated). OpenSku, OpenSeller and
-- OpenUntil are set only while the listing is open, so the NULL_FILTERED indexes below hold open
-- listings only.
CREATE TABLE Listings (
  ListingId STRING(36) NOT NULL,
  SellerId STRING(64) NOT NULL,
  Sku STRING(64) NOT NULL,
  Quantity INT64 NOT NULL,
  InstanceIds STRING(MAX) NOT NULL,
  Currency STRING(64) NOT NULL,
  Price INT64 NOT NULL,
  Status STRING(16) NOT NULL,
  ExpiresAt TIMESTAMP NOT NULL,
  BuyerId STRING(64),
  PurchaseId STRING(36),
  OpenSku STRING(64),
  OpenSeller STRING(64),
  OpenUntil TIMESTAMP,
  ExpiryShard INT64 NOT NULL,
  CreatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
  ClosedAt TIMESTAMP OPTIONS (allow_commit_timestamp = true),
  CONSTRAINT ListingQuantityPositive CHECK (Quantity > 0),
  CONSTRAINT ListingPricePositive CHECK (Price > 0),
) PRIMARY KEY (ListingId);

-- listingsSearch: open listings of a SKU, cheapest first.
CREATE NULL_FILTERED INDEX OpenListingsBySku ON Listings (OpenSku, Price, ListingId)
  STORING (SellerId, Quantity, Currency, ExpiresAt);

-- maxListingsPerPlayer: a seller's open listings.
CREATE NULL_FILTERED INDEX OpenListingsBySeller ON Listings (OpenSeller);

-- listingsExpire: open listings by expiry. The shard (from the listing id) spreads the index's
-- writes over 16 key ranges instead of one ever-growing end (a timestamp-keyed hot spot).
CREATE NULL_FILTERED INDEX OpenListingsByExpiry ON Listings (ExpiryShard, OpenUntil);
