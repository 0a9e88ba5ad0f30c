package com.bluemarble.functions.core.error;

/**
 * Every error code of the contract, with the kind (and so the HTTP status) it always answers
 * with. The README and {@code docs/} tables are checked against this list: a code is added
 * here first, then documented.
 */
public enum ErrorCode {
    // Shared request rules (every function).
    MALFORMED_JSON(ErrorKind.INVALID, "not JSON, not one object, duplicate keys, empty body"),
    UNKNOWN_FIELD(ErrorKind.INVALID, "a field the function does not take"),
    MISSING_FIELD(ErrorKind.INVALID, "a required field is absent or null"),
    INVALID_FIELD(ErrorKind.INVALID, "a field of the wrong type or shape"),
    NUMBER_OUT_OF_RANGE(ErrorKind.INVALID, "a number beyond 64 bits"),
    REQUEST_TOO_LARGE(ErrorKind.INVALID, "a body above the function's size cap"),
    INVALID_REQUEST(ErrorKind.INVALID, "a request that breaks a rule of its function's shape"),
    INVALID_ID(ErrorKind.INVALID, "an id that is not a lower-case UUID"),
    INVALID_PLAYER_ID(ErrorKind.INVALID, "a player id that is not 1-64 characters of A-Z a-z 0-9 _ . : -"),
    UNKNOWN_FUNCTION(ErrorKind.NOT_FOUND, "no function of that name"),
    STORE_UNAVAILABLE(ErrorKind.UNAVAILABLE, "a store did not answer in time; retry the same request"),
    INTERNAL(ErrorKind.INTERNAL, "a bug; never part of the contract"),
    // The HTTP edge of the local host (docs/hardening.md).
    METHOD_NOT_ALLOWED(ErrorKind.METHOD_NOT_ALLOWED, "an HTTP method other than POST"),
    INVALID_PATH(ErrorKind.INVALID, "a URL path that is not /<functionName> (encoded slash, NUL, dot segments)"),
    BAD_HTTP_REQUEST(ErrorKind.INVALID, "an HTTP request the server cannot read (headers too large, bad syntax)"),
    REQUEST_TIMEOUT(ErrorKind.INVALID, "a request whose headers or body did not arrive within the read bound"),

    // Economy.
    AMOUNT_NOT_POSITIVE(ErrorKind.INVALID, "an amount of zero or less"),
    INVALID_ASSET_NAME(ErrorKind.INVALID, "a currency or SKU name that is not 1-64 of a-z 0-9 _ . -"),
    SELF_TRADE(ErrorKind.INVALID, "both sides of a trade name the same player"),
    EMPTY_TRADE(ErrorKind.INVALID, "neither side gives anything"),
    EMPTY_GRANT(ErrorKind.INVALID, "a grant of nothing"),
    TOO_MANY_ASSETS(ErrorKind.INVALID, "more distinct assets than the per-side cap"),
    TOO_MANY_ITEMS(ErrorKind.INVALID, "more unique-item instances than the per-request cap"),
    INVALID_STALENESS(ErrorKind.INVALID, "maxStalenessSeconds outside 0..3600"),
    UNKNOWN_PLAYER(ErrorKind.NOT_FOUND, "no such player (economy) or nothing stored for it (snapshots, ranks)"),
    IDEMPOTENCY_KEY_REUSED(ErrorKind.CONFLICT, "an idempotency key reused with a different request"),
    INSUFFICIENT_FUNDS(ErrorKind.REJECTED, "a player holds less currency than the request moves"),
    INSUFFICIENT_ITEMS(ErrorKind.REJECTED, "a player holds fewer items than the request moves"),
    BALANCE_OVERFLOW(ErrorKind.REJECTED, "a balance would pass 2^63-1"),
    ITEM_NOT_TRADABLE(ErrorKind.REJECTED, "the game config marks the SKU untradable"),
    OFFER_UNAVAILABLE(ErrorKind.REJECTED, "a shop offer outside its availability window"),
    PURCHASE_LIMIT_REACHED(ErrorKind.REJECTED, "a purchase past the offer's maxPerPlayer"),
    UNKNOWN_OFFER(ErrorKind.NOT_FOUND, "no shop offer of that id in the game config"),
    UNKNOWN_RECIPE(ErrorKind.NOT_FOUND, "no recipe of that id in the game config"),
    UNKNOWN_LISTING(ErrorKind.NOT_FOUND, "no listing of that id"),
    LISTING_NOT_AVAILABLE(ErrorKind.CONFLICT, "a listing already sold, cancelled or expired"),
    OWN_LISTING(ErrorKind.REJECTED, "a seller buying their own listing"),
    NOT_THE_SELLER(ErrorKind.REJECTED, "a listing cancelled by another player than its seller"),
    LISTING_LIMIT_REACHED(ErrorKind.REJECTED, "a seller past market.maxListingsPerPlayer open listings"),
    CURRENCY_NOT_ACCEPTED(ErrorKind.REJECTED, "a listing priced in a currency market.currencies does not list"),
    INVALID_PAGE_TOKEN(ErrorKind.INVALID, "a pageToken not given by the same query's previous page"),
    INVALID_QUANTITY(ErrorKind.INVALID, "quantity or times outside 1..100"),
    INVALID_EXPIRY(ErrorKind.INVALID, "expiresInSeconds outside 60..2592000"),
    INVALID_REASON(ErrorKind.INVALID, "a consume reason that is not 1-64 of a-z 0-9 _ . -"),
    DUPLICATE_INSTANCE(ErrorKind.INVALID, "an instance id named twice in one request"),
    AUDIT_TOO_LARGE(
            ErrorKind.REJECTED, "economyAudit refused: more players than it checks in time; use economyAuditStart"),
    UNKNOWN_AUDIT(ErrorKind.NOT_FOUND, "no partitioned audit of that auditId (start it with economyAuditStart)"),
    INVALID_PARTITION(ErrorKind.INVALID, "a partition index outside the audit's plan"),
    AUDIT_INCOMPLETE(
            ErrorKind.CONFLICT, "economyAuditFinish before every partition of the audit is recorded; retry later"),

    // Player snapshots.
    INVALID_VERSION(ErrorKind.INVALID, "a snapshot version below 1"),
    INVALID_BASE_VERSION(ErrorKind.INVALID, "baseVersion below 1 or not below version"),
    INVALID_STATE(ErrorKind.INVALID, "a state or patch that is not a JSON object"),
    INVALID_SNAPSHOT(ErrorKind.INVALID, "both state and patch, or baseVersion without patch"),
    STATE_TOO_LARGE(ErrorKind.INVALID, "a state or patch above the size cap"),
    ECONOMY_FIELD(ErrorKind.INVALID, "a snapshot that carries currency or items"),
    EMPTY_BATCH(ErrorKind.INVALID, "an empty snapshots batch"),
    TOO_MANY_SNAPSHOTS(ErrorKind.INVALID, "a batch above 500 snapshots"),
    MISSING_STATE_BLOB(ErrorKind.INTERNAL, "a claim-checked state the store no longer has"),
    MESSAGE_TOO_LARGE(ErrorKind.INTERNAL, "a queue message above SQS's cap despite the claim check"),
    SQS_REJECTED_MESSAGE(ErrorKind.INTERNAL, "SQS refused a message for a reason retrying cannot fix"),
    UNSUPPORTED_CHARACTER(
            ErrorKind.INVALID,
            "a state or patch string or key with a lone surrogate, U+FFFE or U+FFFF (SQS cannot carry it)"),

    // Leaderboards.
    SCORE_OUT_OF_RANGE(ErrorKind.INVALID, "a score outside [-2^53, 2^53]"),
    INVALID_LIMIT(ErrorKind.INVALID, "a limit below 1"),
    LIMIT_TOO_LARGE(ErrorKind.INVALID, "a limit above the cap"),
    INVALID_AROUND(ErrorKind.INVALID, "around below 0"),
    AROUND_TOO_LARGE(ErrorKind.INVALID, "around above the cap"),
    INVALID_BOARD(ErrorKind.INVALID, "a board name of the wrong form"),
    INVALID_REGION(ErrorKind.INVALID, "a region name (or terrain region) of the wrong form"),
    UNKNOWN_REGION(ErrorKind.INVALID, "a region the deployment does not serve"),
    UNKNOWN_BOARD(ErrorKind.NOT_FOUND, "no such board"),
    SEASON_CLOSED(ErrorKind.CONFLICT, "a submit raced the archiving of the season that just ended"),
    TOO_MANY_ENTRIES(ErrorKind.INVALID, "a leaderboardSubmit batch above 1,000 entries (or an empty one)"),

    // Terrain and backups.
    INVALID_WORLD(ErrorKind.INVALID, "a world name of the wrong form"),
    INVALID_LOD(ErrorKind.INVALID, "a level of detail outside the world's range"),
    INVALID_COORDINATE(ErrorKind.INVALID, "a chunk coordinate outside the world"),
    REGION_TOO_LARGE(ErrorKind.INVALID, "a region read above the chunk cap"),
    EMPTY_CHUNK(ErrorKind.INVALID, "chunk data of zero bytes"),
    CHUNK_TOO_LARGE(ErrorKind.INVALID, "chunk data above the size cap"),
    UNKNOWN_WORLD(ErrorKind.NOT_FOUND, "no such world"),
    UNKNOWN_CHUNK(ErrorKind.NOT_FOUND, "no chunk at that address"),
    UNKNOWN_BACKUP(ErrorKind.NOT_FOUND, "no such backup"),
    CHUNK_EXISTS(ErrorKind.CONFLICT, "a create of a chunk that exists (carries the current etag)"),
    VERSION_CONFLICT(ErrorKind.CONFLICT, "a stale ifMatch (carries the current etag)"),
    TARGET_NOT_EMPTY(ErrorKind.CONFLICT, "a restore into a target that holds data"),
    SCHEMA_MISMATCH(ErrorKind.CONFLICT, "a backup of another schema version than the target's"),
    BACKUP_CORRUPT(ErrorKind.REJECTED, "a backup part whose checksum or count does not match its manifest"),
    CHUNK_CORRUPT(ErrorKind.INTERNAL, "a stored chunk that fails its checksum"),
    RESTORE_AUDIT_MISMATCH(ErrorKind.INTERNAL, "a restored economy whose audit differs from the manifest's"),
    RESTORE_COUNT_MISMATCH(ErrorKind.INTERNAL, "a restore that wrote another row count than the manifest's"),

    // Player data rights (docs/data-rights.md).
    PLAYER_ERASED(
            ErrorKind.CONFLICT,
            "an economy write or leaderboard submit naming a player whose erasure has been recorded"),
    PLAYER_DATA_ERASED(ErrorKind.GONE, "a snapshot ingest or load for a player whose erasure has been recorded"),
    ERASE_ID_REUSED(ErrorKind.CONFLICT, "an eraseId already used for another player"),
    EXPORT_ID_REUSED(ErrorKind.CONFLICT, "an exportId already used for another player"),
    UNKNOWN_ERASURE(ErrorKind.NOT_FOUND, "no erasure of that eraseId (record it with playerErase)"),
    UNKNOWN_EXPORT(ErrorKind.NOT_FOUND, "no export of that exportId (start it with playerExport)"),
    INVALID_ERASURE_STEP(ErrorKind.INVALID, "a step name that is not one of the erasure's or export's steps"),
    STEP_OUT_OF_ORDER(
            ErrorKind.CONFLICT, "an erasure or export step whose predecessor steps are not done yet (run those first)"),
    EXPORT_FAILED(ErrorKind.CONFLICT, "a step of an export that has failed for good (start a new export)");

    private final ErrorKind kind;
    private final String meaning;

    ErrorCode(ErrorKind kind, String meaning) {
        this.kind = kind;
        this.meaning = meaning;
    }

    public ErrorKind kind() {
        return kind;
    }

    public int httpStatus() {
        return kind.httpStatus();
    }

    /** One line for documentation: when a function answers with this code. */
    public String meaning() {
        return meaning;
    }
}
