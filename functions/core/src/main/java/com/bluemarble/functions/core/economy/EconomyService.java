package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The economy's use cases: grant, trade, purchase, consume, craft, the trading post, a player's
 * balances and history, audit. Each write is one read-write transaction whose body only reads and
 * buffers writes, so the store may re-run it. Every answer of an operation with an idempotency
 * key, committed or rejected by a rule, is recorded under its key in the same transaction: a
 * replay of the same request returns the first answer and applies nothing; another request under
 * the same key (of any operation) is a conflict.
 */
public final class EconomyService {

    /** Listings one {@code listingsExpire} run returns at most (each in its own small transaction). */
    public static final int MAX_EXPIRED_PER_RUN = 100;

    private final EconomyStore store;
    private final Supplier<EconomyRules> rules;
    private final Clock clock;

    public EconomyService(EconomyStore store, EconomyLimits limits) {
        this(store, () -> EconomyRules.of(limits), Clock.systemUTC());
    }

    /**
     * @param limits the current rules, asked once per request (e.g. the hot-reloaded game config);
     *               the unique SKUs must not change while the service runs (they decide the storage model)
     */
    public EconomyService(EconomyStore store, Supplier<EconomyLimits> limits) {
        this(store, () -> EconomyRules.of(limits.get()), Clock.systemUTC());
    }

    /** @param rules the game config's economy sections, asked once per request */
    public EconomyService(EconomyStore store, Supplier<EconomyRules> rules, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
    }

    /** The rules in force now. */
    public EconomyLimits limits() {
        return rules.get().limits();
    }

    public EconomyRules rules() {
        return rules.get();
    }

    /** What a transaction body decided; resolved to an answer once the commit timestamp is known. */
    private sealed interface Decision {
        record Recorded(OutcomeStatus status, String errorCode, String message, SortedMap<String, String> details)
                implements Decision {
            Recorded(OutcomeStatus status, String errorCode, String message) {
                this(status, errorCode, message, new TreeMap<>());
            }
        }

        record Replayed(RecordedOutcome outcome) implements Decision {}

        record KeyReused() implements Decision {}

        /** Refused before anything was recorded (an unknown player, offer, recipe or listing). */
        record Refused(DomainException error) implements Decision {}
    }

    // ---- grant and trade ----

    public EconomyAnswer trade(TradeRequest request) {
        String fingerprint = Fingerprint.of(request.canonical());
        EconomyLimits limits = rules.get().limits(); // one set of rules for every run of the body
        return answer(
                request.tradeId(), "tradeId", store.readWrite(tx -> decideTrade(tx, request, fingerprint, limits)));
    }

    private Decision decideTrade(
            EconomyTransaction tx, TradeRequest request, String fingerprint, EconomyLimits limits) {
        Optional<RecordedOutcome> prior = tx.findOutcome(request.tradeId());
        if (prior.isPresent()) {
            return replayOrConflict(prior.get(), fingerprint);
        }
        PlayerId a = request.a().playerId();
        PlayerId b = request.b().playerId();
        Optional<Decision> erased = erased(tx, a, b);
        if (erased.isPresent()) {
            return erased.get();
        }
        for (PlayerId player : List.of(a, b)) {
            if (!tx.playerExists(player)) {
                return unknownPlayer(player);
            }
        }
        Optional<String> untradable = java.util.stream.Stream.concat(
                        request.a().gives().items().keySet().stream(), request.b().gives().items().keySet().stream())
                .filter(sku -> !limits.isTradable(sku))
                .sorted()
                .findFirst();
        if (untradable.isPresent()) {
            String message = untradable.get() + " cannot be traded under the current game rules";
            tx.recordTrade(request, fingerprint, OutcomeStatus.REJECTED, ErrorCode.ITEM_NOT_TRADABLE.name(), message);
            return new Decision.Recorded(OutcomeStatus.REJECTED, ErrorCode.ITEM_NOT_TRADABLE.name(), message);
        }
        Settlement settlement = new Settlement(tx, limits);
        settlement.load(
                new TreeSet<>(Set.of(a, b)),
                List.of(request.a().gives(), request.b().gives()));
        Optional<Settlement.Refusal> refusal = settlement
                .transfer(a, b, request.a().gives(), LedgerEntry.Source.TRADE)
                .or(() -> settlement.transfer(b, a, request.b().gives(), LedgerEntry.Source.TRADE))
                .or(settlement::checkOverflow);
        if (refusal.isPresent()) {
            tx.recordTrade(
                    request,
                    fingerprint,
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
            return new Decision.Recorded(
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
        }
        settlement.write(request.tradeId().toString(), LedgerEntry.Source.TRADE);
        tx.recordTrade(request, fingerprint, OutcomeStatus.COMMITTED, null, null);
        return new Decision.Recorded(OutcomeStatus.COMMITTED, null, null);
    }

    public EconomyAnswer grant(GrantRequest request) {
        String fingerprint = Fingerprint.of(request.canonical());
        EconomyLimits limits = rules.get().limits();
        return answer(
                request.grantId(), "grantId", store.readWrite(tx -> decideGrant(tx, request, fingerprint, limits)));
    }

    private Decision decideGrant(
            EconomyTransaction tx, GrantRequest request, String fingerprint, EconomyLimits limits) {
        Optional<RecordedOutcome> prior = tx.findOutcome(request.grantId());
        if (prior.isPresent()) {
            return replayOrConflict(prior.get(), fingerprint);
        }
        PlayerId player = request.playerId();
        Optional<Decision> erased = erased(tx, player);
        if (erased.isPresent()) {
            return erased.get();
        }
        boolean isNew = !tx.playerExists(player);
        Settlement settlement = new Settlement(tx, limits);
        settlement.load(Set.of(player), List.of(request.bundle()));
        settlement.mint(player, request.bundle(), request.grantId(), LedgerEntry.Source.GRANT);
        Optional<Settlement.Refusal> refusal = settlement.checkOverflow();
        if (refusal.isPresent()) {
            tx.recordGrant(
                    request,
                    fingerprint,
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
            return new Decision.Recorded(
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
        }
        if (isNew) {
            tx.insertPlayer(player);
        }
        settlement.write(request.grantId().toString(), LedgerEntry.Source.GRANT);
        tx.recordGrant(request, fingerprint, OutcomeStatus.COMMITTED, null, null);
        return new Decision.Recorded(OutcomeStatus.COMMITTED, null, null);
    }

    // ---- purchase, consume, craft ----

    /** The per-request unique-instance cap applied to what an offer or recipe would move, before any store call. */
    private static void checkInstances(Bundle a, Bundle b, long times, EconomyLimits limits) {
        long count = Requests.saturatedMultiply(
                Requests.saturatedAdd(Requests.uniqueInstances(a, limits), Requests.uniqueInstances(b, limits)), times);
        Requests.checkUniqueInstances(count, limits);
    }

    public EconomyAnswer purchase(PurchaseRequest request) {
        EconomyRules now = rules.get();
        Instant at = clock.instant();
        Offer offer = now.offers().get(request.offerId());
        if (offer != null) {
            checkInstances(offer.price(), offer.grants(), request.quantity(), now.limits());
        }
        String fingerprint = Fingerprint.of(request.canonical());
        return answer(request.purchaseId(), "purchaseId", store.readWrite(tx -> {
            Optional<RecordedOutcome> prior = tx.findOutcome(request.purchaseId());
            if (prior.isPresent()) {
                return replayOrConflict(prior.get(), fingerprint);
            }
            Optional<Decision> erased = erased(tx, request.playerId());
            if (erased.isPresent()) {
                return erased.get();
            }
            if (offer == null) {
                return new Decision.Refused(new DomainException(
                        ErrorCode.UNKNOWN_OFFER, "no offer '" + request.offerId() + "' in the game config"));
            }
            if (!tx.playerExists(request.playerId())) {
                return unknownPlayer(request.playerId());
            }
            Operation op = new Operation(
                    tx, request.purchaseId(), "PURCHASE", request.playerId(), request.canonical(), fingerprint);
            if (!offer.isAvailableAt(at)) {
                return op.reject(
                        ErrorCode.OFFER_UNAVAILABLE.name(),
                        "offer " + offer.id() + " is not available now (" + window(offer) + ")");
            }
            long bought = tx.offerPurchases(request.playerId(), offer.id());
            if (offer.maxPerPlayer() > 0 && bought + request.quantity() > offer.maxPerPlayer()) {
                return op.reject(
                        ErrorCode.PURCHASE_LIMIT_REACHED.name(),
                        request.playerId() + " bought " + bought + " of offer " + offer.id() + "; at most "
                                + offer.maxPerPlayer() + " per player");
            }
            Optional<Bundle> price = offer.price().times(request.quantity());
            Optional<Bundle> grants = offer.grants().times(request.quantity());
            if (price.isEmpty()) {
                return op.reject(ErrorCode.INSUFFICIENT_FUNDS.name(), "the price exceeds any balance");
            }
            if (grants.isEmpty()) {
                return op.reject(ErrorCode.BALANCE_OVERFLOW.name(), "the grants exceed any balance");
            }
            Settlement settlement = new Settlement(tx, now.limits());
            settlement.load(Set.of(request.playerId()), List.of(price.get(), grants.get()));
            Optional<Settlement.Refusal> refusal = settlement
                    .transfer(request.playerId(), null, price.get(), LedgerEntry.Source.PURCHASE)
                    .or(() -> {
                        settlement.mint(
                                request.playerId(), grants.get(), request.purchaseId(), LedgerEntry.Source.PURCHASE);
                        return settlement.checkOverflow();
                    });
            if (refusal.isPresent()) {
                return op.reject(refusal.get().code().name(), refusal.get().message());
            }
            settlement.write(request.purchaseId().toString(), LedgerEntry.Source.PURCHASE);
            if (offer.maxPerPlayer() > 0) {
                tx.putOfferPurchases(request.playerId(), offer.id(), bought + request.quantity());
            }
            return op.commit(new TreeMap<>());
        }));
    }

    private static String window(Offer offer) {
        return "available from " + (offer.availableFrom() == null ? "always" : offer.availableFrom()) + " until "
                + (offer.availableUntil() == null ? "forever" : offer.availableUntil());
    }

    public EconomyAnswer consume(ConsumeRequest request) {
        EconomyLimits limits = rules.get().limits();
        String fingerprint = Fingerprint.of(request.canonical());
        return answer(request.consumeId(), "consumeId", store.readWrite(tx -> {
            Optional<RecordedOutcome> prior = tx.findOutcome(request.consumeId());
            if (prior.isPresent()) {
                return replayOrConflict(prior.get(), fingerprint);
            }
            Optional<Decision> erased = erased(tx, request.playerId());
            if (erased.isPresent()) {
                return erased.get();
            }
            if (!tx.playerExists(request.playerId())) {
                return unknownPlayer(request.playerId());
            }
            Operation op = new Operation(
                    tx, request.consumeId(), "CONSUME", request.playerId(), request.canonical(), fingerprint);
            Settlement settlement = new Settlement(tx, limits);
            settlement.load(Set.of(request.playerId()), List.of(request.bundle()));
            Optional<Settlement.Refusal> refusal = settlement
                    .takeInstances(request.playerId(), request.instances(), LedgerEntry.Source.CONSUME)
                    .or(() -> settlement.transfer(
                            request.playerId(), null, request.bundle(), LedgerEntry.Source.CONSUME));
            if (refusal.isPresent()) {
                return op.reject(refusal.get().code().name(), refusal.get().message());
            }
            settlement.write(request.consumeId().toString(), LedgerEntry.Source.CONSUME);
            return op.commit(new TreeMap<>(Map.of("reason", request.reason())));
        }));
    }

    public EconomyAnswer craft(CraftRequest request) {
        EconomyRules now = rules.get();
        Recipe recipe = now.recipes().get(request.recipeId());
        if (recipe != null) {
            checkInstances(recipe.inputs(), recipe.outputs(), request.times(), now.limits());
        }
        String fingerprint = Fingerprint.of(request.canonical());
        return answer(request.craftId(), "craftId", store.readWrite(tx -> {
            Optional<RecordedOutcome> prior = tx.findOutcome(request.craftId());
            if (prior.isPresent()) {
                return replayOrConflict(prior.get(), fingerprint);
            }
            Optional<Decision> erased = erased(tx, request.playerId());
            if (erased.isPresent()) {
                return erased.get();
            }
            if (recipe == null) {
                return new Decision.Refused(new DomainException(
                        ErrorCode.UNKNOWN_RECIPE, "no recipe '" + request.recipeId() + "' in the game config"));
            }
            if (!tx.playerExists(request.playerId())) {
                return unknownPlayer(request.playerId());
            }
            Operation op =
                    new Operation(tx, request.craftId(), "CRAFT", request.playerId(), request.canonical(), fingerprint);
            Optional<Bundle> inputs = recipe.inputs().times(request.times());
            Optional<Bundle> outputs = recipe.outputs().times(request.times());
            if (inputs.isEmpty()) {
                return op.reject(ErrorCode.INSUFFICIENT_ITEMS.name(), "the inputs exceed any balance");
            }
            if (outputs.isEmpty()) {
                return op.reject(ErrorCode.BALANCE_OVERFLOW.name(), "the outputs exceed any balance");
            }
            Settlement settlement = new Settlement(tx, now.limits());
            settlement.load(Set.of(request.playerId()), List.of(inputs.get(), outputs.get()));
            Optional<Settlement.Refusal> refusal = settlement
                    .transfer(request.playerId(), null, inputs.get(), LedgerEntry.Source.CRAFT)
                    .or(() -> {
                        settlement.mint(request.playerId(), outputs.get(), request.craftId(), LedgerEntry.Source.CRAFT);
                        return settlement.checkOverflow();
                    });
            if (refusal.isPresent()) {
                return op.reject(refusal.get().code().name(), refusal.get().message());
            }
            settlement.write(request.craftId().toString(), LedgerEntry.Source.CRAFT);
            return op.commit(new TreeMap<>());
        }));
    }

    // ---- the trading post ----

    public EconomyAnswer createListing(ListingCreateRequest request) {
        EconomyRules now = rules.get();
        Instant expiresAt = clock.instant().plusSeconds(request.expiresInSeconds());
        String fingerprint = Fingerprint.of(request.canonical());
        return answer(request.listingId(), "listingId", store.readWrite(tx -> {
            Optional<RecordedOutcome> prior = tx.findOutcome(request.listingId());
            if (prior.isPresent()) {
                return replayOrConflict(prior.get(), fingerprint);
            }
            PlayerId seller = request.sellerId();
            Optional<Decision> erased = erased(tx, seller);
            if (erased.isPresent()) {
                return erased.get();
            }
            if (!tx.playerExists(seller)) {
                return unknownPlayer(seller);
            }
            Operation op = new Operation(tx, request.listingId(), "LISTING", seller, request.canonical(), fingerprint);
            String sku = request.sku();
            if (request.byInstances()) {
                Set<String> skus = new TreeSet<>();
                for (String id : request.instances()) {
                    Optional<EconomyTransaction.InstanceOwner> owner = tx.instanceOwner(id);
                    if (owner.isEmpty() || !owner.get().owner().equals(seller)) {
                        return op.reject(ErrorCode.INSUFFICIENT_ITEMS.name(), seller + " does not hold instance " + id);
                    }
                    skus.add(owner.get().sku());
                }
                if (skus.size() != 1) {
                    return op.reject(
                            ErrorCode.INVALID_REQUEST.name(), "a listing holds one SKU; the instances are of " + skus);
                }
                sku = skus.iterator().next();
            }
            if (!now.limits().isTradable(sku)) {
                return op.reject(
                        ErrorCode.ITEM_NOT_TRADABLE.name(), sku + " cannot be traded under the current game rules");
            }
            if (!now.market().accepts(request.currency())) {
                return op.reject(
                        ErrorCode.CURRENCY_NOT_ACCEPTED.name(),
                        "the market accepts " + new TreeSet<>(now.market().currencies()) + ", not "
                                + request.currency());
            }
            if (tx.openListings(seller) >= now.market().maxListingsPerPlayer()) {
                return op.reject(
                        ErrorCode.LISTING_LIMIT_REACHED.name(),
                        seller + " has " + now.market().maxListingsPerPlayer()
                                + " open listings, the most the market allows");
            }
            Settlement settlement = new Settlement(tx, now.limits());
            Optional<Settlement.Refusal> refusal;
            if (request.byInstances()) {
                refusal = settlement.takeInstances(seller, request.instances(), LedgerEntry.Source.LISTING);
            } else {
                Bundle items = new Bundle(new TreeMap<>(), new TreeMap<>(Map.of(sku, request.quantity())));
                settlement.load(Set.of(seller), List.of(items));
                refusal = settlement.transfer(seller, null, items, LedgerEntry.Source.LISTING);
            }
            if (refusal.isPresent()) {
                return op.reject(refusal.get().code().name(), refusal.get().message());
            }
            settlement.write(request.listingId().toString(), LedgerEntry.Source.LISTING);
            tx.insertListing(new Listing(
                    request.listingId(),
                    seller,
                    sku,
                    request.quantity(),
                    now.limits().isUnique(sku) ? settlement.takenInstances() : List.of(),
                    request.currency(),
                    request.price(),
                    Listing.Status.OPEN,
                    expiresAt,
                    null,
                    null));
            return op.commit(new TreeMap<>(Map.of("expiresAt", expiresAt.toString(), "sku", sku)));
        }));
    }

    public EconomyAnswer buyListing(ListingBuyRequest request) {
        EconomyRules now = rules.get();
        Instant at = clock.instant();
        String fingerprint = Fingerprint.of(request.canonical());
        return answer(request.purchaseId(), "purchaseId", store.readWrite(tx -> {
            Optional<RecordedOutcome> prior = tx.findOutcome(request.purchaseId());
            if (prior.isPresent()) {
                return replayOrConflict(prior.get(), fingerprint);
            }
            PlayerId buyer = request.buyerId();
            Optional<Listing> found = tx.findListing(request.listingId());
            if (found.isEmpty()) {
                return new Decision.Refused(
                        new DomainException(ErrorCode.UNKNOWN_LISTING, "no listing " + request.listingId()));
            }
            // The seller too: the sale would pay an erased seller.
            Optional<Decision> erased = erased(tx, buyer, found.get().sellerId());
            if (erased.isPresent()) {
                return erased.get();
            }
            if (!tx.playerExists(buyer)) {
                return unknownPlayer(buyer);
            }
            Listing listing = found.get();
            Operation op =
                    new Operation(tx, request.purchaseId(), "LISTING_BUY", buyer, request.canonical(), fingerprint);
            if (!listing.isOpenAt(at)) {
                return op.reject(
                        ErrorCode.LISTING_NOT_AVAILABLE.name(),
                        "listing " + listing.listingId() + " is "
                                + (listing.status() == Listing.Status.OPEN
                                        ? "expired"
                                        : listing.status().name().toLowerCase(java.util.Locale.ROOT)));
            }
            if (listing.sellerId().equals(buyer)) {
                return op.reject(ErrorCode.OWN_LISTING.name(), buyer + " cannot buy their own listing");
            }
            long fee = now.market().feeOn(listing.price());
            Bundle price = new Bundle(new TreeMap<>(Map.of(listing.currency(), listing.price())), new TreeMap<>());
            Bundle items = new Bundle(new TreeMap<>(), new TreeMap<>(Map.of(listing.sku(), listing.quantity())));
            Settlement settlement = new Settlement(tx, now.limits());
            settlement.load(new TreeSet<>(Set.of(buyer, listing.sellerId())), List.of(price, items));
            Optional<Settlement.Refusal> refusal = settlement
                    .transfer(buyer, listing.sellerId(), price, LedgerEntry.Source.SALE)
                    .or(() -> {
                        if (fee > 0) {
                            settlement.post(
                                    listing.sellerId(),
                                    AssetRef.currency(listing.currency()),
                                    LedgerEntry.Source.FEE,
                                    -fee);
                        }
                        settlement.receive(
                                buyer,
                                listing.sku(),
                                listing.quantity(),
                                listing.instanceIds(),
                                LedgerEntry.Source.SALE);
                        return settlement.checkOverflow();
                    });
            if (refusal.isPresent()) {
                return op.reject(refusal.get().code().name(), refusal.get().message());
            }
            settlement.write(request.purchaseId().toString(), LedgerEntry.Source.SALE);
            tx.updateListing(listing.closed(Listing.Status.SOLD, buyer, request.purchaseId()));
            SortedMap<String, String> details = new TreeMap<>();
            details.put("currency", listing.currency());
            details.put("price", Long.toString(listing.price()));
            details.put("fee", Long.toString(fee));
            return op.commit(details);
        }));
    }

    /** The answer to a cancel: the listing as it is now, and when that was committed. */
    public record ListingChange(Listing listing, Instant commitTimestamp) {}

    public ListingChange cancelListing(UUID listingId, PlayerId sellerId) {
        EconomyLimits limits = rules.get().limits();
        EconomyStore.Committed<Object> result = store.readWrite(tx -> {
            Optional<Listing> found = tx.findListing(listingId);
            if (found.isEmpty()) {
                return new DomainException(ErrorCode.UNKNOWN_LISTING, "no listing " + listingId);
            }
            if (tx.isErased(sellerId)) {
                return erasedError(sellerId);
            }
            Listing listing = found.get();
            if (!listing.sellerId().equals(sellerId)) {
                return new DomainException(
                        ErrorCode.NOT_THE_SELLER, "listing " + listingId + " is not " + sellerId + "'s");
            }
            if (listing.status() != Listing.Status.OPEN) {
                return new DomainException(
                        ErrorCode.LISTING_NOT_AVAILABLE,
                        "listing " + listingId + " is "
                                + listing.status().name().toLowerCase(java.util.Locale.ROOT));
            }
            return returnToSeller(tx, listing, Listing.Status.CANCELLED, LedgerEntry.Source.CANCEL, limits);
        });
        if (result.value() instanceof DomainException error) {
            throw error;
        }
        return new ListingChange((Listing) result.value(), result.commitTimestamp());
    }

    private static Listing returnToSeller(
            EconomyTransaction tx,
            Listing listing,
            Listing.Status status,
            LedgerEntry.Source source,
            EconomyLimits limits) {
        Settlement settlement = new Settlement(tx, limits);
        Bundle items = new Bundle(new TreeMap<>(), new TreeMap<>(Map.of(listing.sku(), listing.quantity())));
        settlement.load(Set.of(listing.sellerId()), List.of(items));
        settlement.receive(listing.sellerId(), listing.sku(), listing.quantity(), listing.instanceIds(), source);
        // No overflow check: the escrow came out of this seller's balance, so only a seller who since
        // re-acquired near 2^63-1 of the SKU could overflow, and the schema's check then aborts the
        // transaction (the listing stays open) rather than lose items.
        settlement.write(listing.listingId().toString(), LedgerEntry.Source.LISTING);
        Listing closed = listing.closed(status, null, null);
        tx.updateListing(closed);
        return closed;
    }

    /**
     * Closes an erased seller's listing without giving them anything: the escrow returns to the
     * seller ({@code source}: CANCEL or EXPIRY, so the market's ledger stays balanced) and is burned
     * with ERASURE in the same rows' transaction, so no balance or instance of the seller changes.
     */
    private static void closeForErasedSeller(
            EconomyTransaction tx, Listing listing, Listing.Status status, LedgerEntry.Source source) {
        AssetRef asset = AssetRef.item(listing.sku());
        String ref = listing.listingId().toString();
        tx.appendLedger(new LedgerEntry(
                listing.sellerId(),
                ref + "/" + source.name().toLowerCase(java.util.Locale.ROOT),
                asset,
                source,
                listing.quantity()));
        tx.appendLedger(new LedgerEntry(
                listing.sellerId(), ref + "/erasure", asset, LedgerEntry.Source.ERASURE, -listing.quantity()));
        tx.updateListing(listing.closed(status, null, null));
    }

    /** What one {@code listingsExpire} run did. */
    public record ExpiryRun(int expired, int alreadyClosed, boolean more) {}

    /**
     * Returns the items of listings whose expiry passed to their sellers, at most
     * {@link #MAX_EXPIRED_PER_RUN} per run, each in its own transaction that re-reads the listing:
     * a listing sold, cancelled or expired meanwhile (by a concurrent run) is left as it is.
     */
    public ExpiryRun expireListings() {
        Instant at = clock.instant();
        EconomyLimits limits = rules.get().limits();
        List<UUID> due = store.expiredListings(at, MAX_EXPIRED_PER_RUN + 1);
        int expired = 0;
        int closed = 0;
        for (UUID listingId : due.subList(0, Math.min(due.size(), MAX_EXPIRED_PER_RUN))) {
            boolean done = store.readWrite(tx -> {
                        Optional<Listing> listing = tx.findListing(listingId);
                        if (listing.isEmpty()
                                || listing.get().status() != Listing.Status.OPEN
                                || at.isBefore(listing.get().expiresAt())) {
                            return false;
                        }
                        if (tx.isErased(listing.get().sellerId())) {
                            // Nothing may land on an erased player: the escrow goes back and is burned at once.
                            closeForErasedSeller(tx, listing.get(), Listing.Status.EXPIRED, LedgerEntry.Source.EXPIRY);
                        } else {
                            returnToSeller(
                                    tx, listing.get(), Listing.Status.EXPIRED, LedgerEntry.Source.EXPIRY, limits);
                        }
                        return true;
                    })
                    .value();
            if (done) {
                expired++;
            } else {
                closed++;
            }
        }
        return new ExpiryRun(expired, closed, due.size() > MAX_EXPIRED_PER_RUN);
    }

    // ---- player data rights (docs/data-rights.md) ----

    /** Listings one erasure transaction closes at most. */
    public static final int ERASE_LISTINGS_PER_TRANSACTION = 50;

    /** Rows (balances, stacks, instances) one erasure transaction burns at most. */
    public static final int ERASE_ROWS_PER_TRANSACTION = 200;

    /** What one {@link #erasePlayer} run changed: 0 and 0 when there was nothing left. */
    public record ErasureRun(int listingsClosed, int rowsBurned) {}

    /** Whether the player's erasure has been recorded (the economy's freeze mark). */
    public boolean isErased(PlayerId player) {
        return store.readWrite(tx -> tx.isErased(player)).value();
    }

    /**
     * Erases what the economy holds for an erased player, in transactions of bounded size: closes
     * their open listings (the escrow returned and burned at once), then burns every currency
     * balance, item stack and item instance with ledger source ERASURE and removes their rows. The
     * ledger rows stay (financial records under the opaque player id). Idempotent: a second run
     * finds nothing. Refused (IllegalStateException) if the erasure was not recorded first, since
     * without the freeze new holdings could arrive while it runs.
     */
    public ErasureRun erasePlayer(PlayerId player) {
        int closed = 0;
        while (true) {
            int batch = store.readWrite(tx -> {
                        if (!tx.isErased(player)) {
                            return -1;
                        }
                        List<UUID> open = tx.openListingIds(player, ERASE_LISTINGS_PER_TRANSACTION);
                        for (UUID id : open) {
                            Listing listing = tx.findListing(id).orElseThrow();
                            closeForErasedSeller(tx, listing, Listing.Status.CANCELLED, LedgerEntry.Source.CANCEL);
                        }
                        return open.size();
                    })
                    .value();
            requireErased(player, batch);
            closed += batch;
            if (batch < ERASE_LISTINGS_PER_TRANSACTION) {
                break;
            }
        }
        int burned = 0;
        while (true) {
            Optional<Holdings> holdings = store.holdings(player, ReadFreshness.STRONG);
            if (holdings.isEmpty()) {
                break;
            }
            BurnBatch batch = BurnBatch.of(holdings.get(), ERASE_ROWS_PER_TRANSACTION);
            if (batch.isEmpty()) {
                break;
            }
            String ref = UUID.randomUUID().toString(); // chosen outside the body: a re-run body writes the same rows
            int rows = store.readWrite(tx -> batch.burn(tx, player, ref)).value();
            requireErased(player, rows);
            if (rows == 0) {
                break; // a concurrent run burned this batch; the next run finds what is left, if anything
            }
            burned += rows;
        }
        return new ErasureRun(closed, burned);
    }

    private static void requireErased(PlayerId player, int batch) {
        if (batch < 0) {
            throw new IllegalStateException(
                    "the economy of " + player + " is erased only after its erasure is recorded (the freeze)");
        }
    }

    /** The balances, stacks and instances one erasure transaction burns (re-read inside it). */
    private record BurnBatch(Set<String> currencies, Set<String> stacks, SortedMap<String, List<String>> instances) {

        static BurnBatch of(Holdings holdings, int maxRows) {
            Set<String> currencies = new TreeSet<>();
            Set<String> stacks = new TreeSet<>();
            SortedMap<String, List<String>> instances = new TreeMap<>();
            int rows = 0;
            for (String currency : holdings.currency().keySet()) {
                if (rows++ < maxRows) {
                    currencies.add(currency);
                }
            }
            for (var item : holdings.items().entrySet()) {
                if (rows++ < maxRows) {
                    stacks.add(item.getKey()); // the stack row, if there is one (re-read in the transaction)
                }
                for (String id : holdings.instances().getOrDefault(item.getKey(), List.of())) {
                    if (rows++ < maxRows) {
                        instances
                                .computeIfAbsent(item.getKey(), sku -> new ArrayList<>())
                                .add(id);
                    }
                }
            }
            return new BurnBatch(currencies, stacks, instances);
        }

        boolean isEmpty() {
            return currencies.isEmpty() && stacks.isEmpty() && instances.isEmpty();
        }

        /** Rows burned, or -1 if the player is not erased. */
        int burn(EconomyTransaction tx, PlayerId player, String ref) {
            if (!tx.isErased(player)) {
                return -1;
            }
            SortedMap<AssetRef, Long> burned = new TreeMap<>();
            int rows = 0;
            Map<String, Long> balances = currencies.isEmpty() ? Map.of() : tx.currencyBalances(player, currencies);
            for (var balance : new TreeMap<>(balances).entrySet()) {
                burned.merge(AssetRef.currency(balance.getKey()), balance.getValue(), Math::addExact);
                tx.deleteCurrencyBalance(player, balance.getKey());
                rows++;
            }
            Map<String, Long> held = stacks.isEmpty() ? Map.of() : tx.itemStacks(player, stacks);
            for (var stack : new TreeMap<>(held).entrySet()) {
                burned.merge(AssetRef.item(stack.getKey()), stack.getValue(), Math::addExact);
                tx.deleteItemStack(player, stack.getKey());
                rows++;
            }
            for (var sku : instances.entrySet()) {
                Set<String> owned = new TreeSet<>(tx.itemInstances(player, sku.getKey()));
                for (String id : sku.getValue()) {
                    if (owned.contains(id)) {
                        burned.merge(AssetRef.item(sku.getKey()), 1L, Math::addExact);
                        tx.deleteItemInstance(player, sku.getKey(), id);
                        rows++;
                    }
                }
            }
            burned.forEach((asset, amount) -> {
                if (amount != 0) {
                    tx.appendLedger(new LedgerEntry(player, ref, asset, LedgerEntry.Source.ERASURE, -amount));
                }
            });
            return rows;
        }
    }

    /** Everything the economy keeps about the player, read at one timestamp (empty: never granted anything). */
    public Optional<PlayerEconomyData> playerData(PlayerId player) {
        return store.playerData(player);
    }

    public MarketPages.ListingPage searchListings(
            String sku, Long maxPrice, Integer limit, String pageToken, ReadFreshness freshness) {
        if (sku == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "sku is required");
        }
        Bundle.of(null, Map.of(sku, 1L), "sku"); // the name rules
        if (maxPrice != null && maxPrice < 0) {
            throw new DomainException(ErrorCode.AMOUNT_NOT_POSITIVE, "maxPrice must be 0 or more");
        }
        int pageSize = pageLimit(limit, 20, 100);
        MarketPages.ListingCursor after = pageToken == null ? null : PageTokens.listings(sku, pageToken);
        return store.searchListings(
                new MarketPages.ListingQuery(sku, maxPrice, pageSize, after, clock.instant()), freshness);
    }

    public MarketPages.HistoryPage history(PlayerId playerId, Integer limit, String pageToken) {
        int pageSize = pageLimit(limit, 50, 200);
        MarketPages.HistoryCursor after = pageToken == null ? null : PageTokens.history(playerId, pageToken);
        return store.history(playerId, pageSize, after);
    }

    private static int pageLimit(Integer limit, int defaultLimit, int max) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1) {
            throw new DomainException(ErrorCode.INVALID_LIMIT, "limit must be 1.." + max);
        }
        if (limit > max) {
            throw new DomainException(ErrorCode.LIMIT_TOO_LARGE, "limit must be 1.." + max);
        }
        return limit;
    }

    // ---- shared ----

    /** The idempotency record of one purchase, consume, craft, listing or listing purchase. */
    private record Operation(
            EconomyTransaction tx, UUID key, String kind, PlayerId player, String canonical, String fingerprint) {

        Decision reject(String code, String message) {
            tx.recordOperation(new EconomyTransaction.OperationRecord(
                    key, kind, player, canonical, fingerprint, OutcomeStatus.REJECTED, code, message, new TreeMap<>()));
            return new Decision.Recorded(OutcomeStatus.REJECTED, code, message);
        }

        Decision commit(SortedMap<String, String> details) {
            tx.recordOperation(new EconomyTransaction.OperationRecord(
                    key, kind, player, canonical, fingerprint, OutcomeStatus.COMMITTED, null, null, details));
            return new Decision.Recorded(OutcomeStatus.COMMITTED, null, null, details);
        }
    }

    /** A refusal if any of the players' erasure has been recorded (read in the write's own transaction). */
    private static Optional<Decision> erased(EconomyTransaction tx, PlayerId... players) {
        for (PlayerId player : new TreeSet<>(List.of(players))) {
            if (tx.isErased(player)) {
                return Optional.of(new Decision.Refused(erasedError(player)));
            }
        }
        return Optional.empty();
    }

    private static DomainException erasedError(PlayerId player) {
        return new DomainException(
                ErrorCode.PLAYER_ERASED,
                "player " + player + " has been erased; the economy accepts no write for them");
    }

    private static Decision unknownPlayer(PlayerId player) {
        return new Decision.Refused(
                new DomainException(ErrorCode.UNKNOWN_PLAYER, "player " + player + " has never been granted anything"));
    }

    private static Decision replayOrConflict(RecordedOutcome prior, String fingerprint) {
        return prior.fingerprint().equals(fingerprint) ? new Decision.Replayed(prior) : new Decision.KeyReused();
    }

    private static EconomyAnswer answer(UUID id, String keyName, EconomyStore.Committed<Decision> result) {
        Decision decision = result.value();
        if (decision instanceof Decision.Recorded recorded) {
            return new EconomyAnswer(
                    id,
                    recorded.status(),
                    recorded.errorCode(),
                    recorded.message(),
                    result.commitTimestamp(),
                    recorded.details());
        }
        if (decision instanceof Decision.Replayed replayed) {
            return EconomyAnswer.of(id, replayed.outcome());
        }
        if (decision instanceof Decision.Refused refused) {
            throw refused.error();
        }
        throw new DomainException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                keyName + " " + id + " was already used for a different request (of this or another operation)");
    }

    public Holdings holdings(PlayerId playerId, ReadFreshness freshness) {
        return store.holdings(playerId, freshness)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_PLAYER, "player " + playerId + " has never been granted anything"));
    }

    public AuditReport audit() {
        return AuditReport.of(store.auditSnapshot());
    }
}
