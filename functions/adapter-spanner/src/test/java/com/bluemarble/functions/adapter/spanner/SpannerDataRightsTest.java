package com.bluemarble.functions.adapter.spanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.backup.EconomyExporter;
import com.bluemarble.functions.core.backup.ExportPlan;
import com.bluemarble.functions.core.backup.ExportUnit;
import com.bluemarble.functions.core.backup.TableSpec;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.ConsumeRequest;
import com.bluemarble.functions.core.economy.CraftRequest;
import com.bluemarble.functions.core.economy.EconomyAnswer;
import com.bluemarble.functions.core.economy.EconomyDataRights;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyRules;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.Holdings;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.economy.ListingBuyRequest;
import com.bluemarble.functions.core.economy.ListingCreateRequest;
import com.bluemarble.functions.core.economy.Market;
import com.bluemarble.functions.core.economy.MarketPages;
import com.bluemarble.functions.core.economy.Offer;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.core.economy.PlayerEconomyData;
import com.bluemarble.functions.core.economy.PurchaseRequest;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.economy.Recipe;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The economy's part of player data rights on the Cloud Spanner emulator: the freeze (every write
 * kind refused once the erasure is recorded), the erasure (listings closed, holdings burned with
 * ERASURE, the audit ok, a second run changes nothing), the export, the erasure and export logs, and
 * restores that leave the erasure records alone.
 */
class SpannerDataRightsTest {

    static final List<String> ERASE_STEPS = List.of(
            "freeze-snapshots", "freeze-leaderboards", "erase-economy", "erase-snapshots", "erase-leaderboards");
    static final List<String> EXPORT_STEPS =
            List.of("export-economy", "export-snapshots", "export-leaderboards", "assemble");
    private static final EconomyLimits LIMITS = EconomyLimits.defaults(Set.of("relic"));
    private static final EconomyRules RULES = new EconomyRules(
            LIMITS,
            Map.of(
                    "pack",
                    new Offer(
                            "pack",
                            Bundle.of(Map.of("gold", 10L), null, "price"),
                            Bundle.of(null, Map.of("potion", 2L), "grants"),
                            5,
                            null,
                            null)),
            Map.of(
                    "sword",
                    new Recipe(
                            "sword",
                            Bundle.of(null, Map.of("ore", 2L), "inputs"),
                            Bundle.of(null, Map.of("sword", 1L), "outputs"))),
            new Market(500, Set.of("gold"), 20));

    private static final MovableClock CLOCK = new MovableClock();
    private static Spanner spanner;
    private static SpannerSettings settings;
    private static DatabaseClient client;
    private static EconomyService economy;
    private static EconomyDataRights dataRights;
    private static SpannerErasureLog erasures;
    private static SpannerExportLog exports;

    /** A clock the expiry test moves forward (every other test only reads it). */
    static final class MovableClock extends Clock {
        private volatile Instant offset = Instant.EPOCH;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offset.toEpochMilli());
        }
    }

    @BeforeAll
    static void createDatabase() {
        settings = database("rights");
        spanner = SpannerClients.open(settings, null);
        client = SpannerClients.database(spanner, settings);
        economy = new EconomyService(new SpannerEconomyStore(client, settings), () -> RULES, CLOCK);
        dataRights = new EconomyDataRights(economy);
        erasures = new SpannerErasureLog(client, settings, ERASE_STEPS);
        exports = new SpannerExportLog(client, settings, EXPORT_STEPS);
    }

    private static SpannerSettings database(String prefix) {
        SpannerEmulator emulator = Emulators.spanner();
        String database = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.createDatabase(database, SpannerSchema.statements());
        return new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                database,
                emulator.host(),
                Duration.ofSeconds(30),
                Duration.ofSeconds(15));
    }

    @AfterAll
    static void close() {
        spanner.close();
    }

    private static String player(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static EconomyAnswer grant(String player, Map<String, Long> currency, Map<String, Long> items) {
        EconomyAnswer answer =
                economy.grant(GrantRequest.of(id(), player, Bundle.of(currency, items, "grant"), LIMITS));
        assertThat(answer.status()).isEqualTo(OutcomeStatus.COMMITTED);
        return answer;
    }

    private static UUID list(String seller, Map<String, Long> items, List<String> instances, long price) {
        ListingCreateRequest request = ListingCreateRequest.of(
                id(),
                seller,
                items == null ? null : Bundle.of(null, items, "items"),
                instances,
                "gold",
                price,
                3600L,
                LIMITS);
        EconomyAnswer answer = economy.createListing(request);
        assertThat(answer.status()).as(String.valueOf(answer.message())).isEqualTo(OutcomeStatus.COMMITTED);
        return request.listingId();
    }

    private static void erase(String player) {
        erasures.record(UUID.randomUUID(), PlayerId.of(player), "test erasure", Instant.now());
    }

    private static void assertAuditOk() {
        AuditReport audit = economy.audit();
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
    }

    /** What the economy keeps about the players, read at one timestamp each. */
    private static List<PlayerEconomyData> state(String... players) {
        List<PlayerEconomyData> state = new ArrayList<>();
        for (String player : players) {
            PlayerEconomyData data = economy.playerData(PlayerId.of(player)).orElseThrow();
            // Everything but the read timestamp.
            state.add(new PlayerEconomyData(
                    Instant.EPOCH, data.holdings(), data.ledger(), data.listings(), data.offerPurchases()));
        }
        return state;
    }

    private static void assertErased(Runnable write) {
        assertThatThrownBy(write::run)
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLAYER_ERASED.name()));
    }

    @Test
    void theFreezeRefusesEveryWriteKindAndChangesNothingWhileAWriteCommittedBeforeItIsKept() {
        String gone = player("gone");
        String other = player("other");
        grant(gone, Map.of("gold", 100L), Map.of("ore", 4L, "relic", 2L, "potion", 3L));
        grant(other, Map.of("gold", 100L), Map.of("ore", 4L, "potion", 3L));
        UUID goneListing = list(gone, Map.of("potion", 1L), null, 10);
        UUID otherListing = list(other, Map.of("potion", 1L), null, 10);
        GrantRequest before = GrantRequest.of(id(), gone, Bundle.of(Map.of("gems", 7L), null, "g"), LIMITS);
        EconomyAnswer committedBefore = economy.grant(before);

        erase(gone);
        List<PlayerEconomyData> frozen = state(gone, other);
        assertThat(frozen.get(0).holdings().currency()).containsEntry("gems", 7L); // kept until the erase burns it

        Bundle gold = Bundle.of(Map.of("gold", 1L), null, "x");
        PlayerId goneId = PlayerId.of(gone);
        PlayerId otherId = PlayerId.of(other);
        List<Runnable> writes = List.of(
                () -> economy.grant(GrantRequest.of(id(), gone, gold, LIMITS)),
                () -> economy.trade(TradeRequest.of(
                        id(), new TradeSide(goneId, gold), new TradeSide(otherId, Bundle.EMPTY), LIMITS)),
                () -> economy.trade(TradeRequest.of(
                        id(), new TradeSide(otherId, gold), new TradeSide(goneId, Bundle.EMPTY), LIMITS)),
                () -> economy.purchase(PurchaseRequest.of(id(), gone, "pack", 1)),
                () -> economy.consume(ConsumeRequest.of(
                        id(), gone, Bundle.of(null, Map.of("potion", 1L), "c"), List.of(), "drink", LIMITS)),
                () -> economy.craft(CraftRequest.of(id(), gone, "sword", 1)),
                () -> list(gone, Map.of("ore", 1L), null, 5),
                () -> economy.buyListing(ListingBuyRequest.of(id(), otherListing.toString(), gone)),
                () -> economy.buyListing(ListingBuyRequest.of(id(), goneListing.toString(), other)),
                () -> economy.cancelListing(goneListing, goneId));
        for (Runnable write : writes) {
            assertErased(write);
        }
        assertThat(state(gone, other)).isEqualTo(frozen);
        // A replay of the write committed before the freeze answers as the first time and applies nothing.
        assertThat(economy.grant(before)).isEqualTo(committedBefore);
        assertThat(state(gone, other)).isEqualTo(frozen);
        assertThatThrownBy(() -> dataRights.freeze(PlayerId.of(other))).isInstanceOf(IllegalStateException.class);
        dataRights.freeze(goneId); // the mark is there: nothing to do
        assertAuditOk();
    }

    @Test
    void writesRacingTheRecordEitherCommitBeforeItOrAreRefusedAndNoneStartedAfterItLands() throws Exception {
        String gone = player("race");
        grant(gone, Map.of("gold", 1L), Map.of());
        java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong(1);
        java.util.concurrent.atomic.AtomicInteger refusedAfter = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(pool.submit(() -> {
                // Until each client has sent 3 grants after the record returned (bounded either way).
                for (int i = 0, after = 0; after < 3 && i < 2000; i++) {
                    boolean startedAfter = recorded.get();
                    after += startedAfter ? 1 : 0;
                    try {
                        EconomyAnswer answer = economy.grant(
                                GrantRequest.of(id(), gone, Bundle.of(Map.of("gold", 1L), null, "g"), LIMITS));
                        if (startedAfter) {
                            unexpected.add(new AssertionError("a grant started after the record committed"));
                        }
                        committed.addAndGet(answer.status() == OutcomeStatus.COMMITTED ? 1 : 0);
                    } catch (DomainException e) {
                        if (!e.code().equals(ErrorCode.PLAYER_ERASED.name())) {
                            unexpected.add(e);
                        } else if (startedAfter) {
                            refusedAfter.incrementAndGet();
                        }
                    }
                }
            }));
        }
        Thread.sleep(200);
        erase(gone);
        recorded.set(true);
        for (var client : clients) {
            client.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(unexpected).isEmpty();
        assertThat(refusedAfter.get()).isPositive();
        // Every grant that answered COMMITTED is held; nothing else arrived.
        assertThat(economy.holdings(PlayerId.of(gone), ReadFreshness.STRONG).currency())
                .containsEntry("gold", committed.get());
        dataRights.erase(PlayerId.of(gone));
        assertThat(economy.holdings(PlayerId.of(gone), ReadFreshness.STRONG).currency())
                .isEmpty();
        assertAuditOk();
    }

    @Test
    void eraseClosesListingsBurnsEveryHoldingInBoundedTransactionsAndASecondRunChangesNothing() {
        String gone = player("gone");
        String buyer = player("buyer");
        grant(gone, Map.of("gold", 50L, "gems", 3L), Map.of("ore", 5L, "potion", 4L));
        for (int i = 0; i < 3; i++) { // 270 instances: more than one erasure transaction burns
            grant(gone, null, Map.of("relic", 90L));
        }
        grant(buyer, Map.of("gold", 100L), Map.of());
        Holdings before = economy.holdings(PlayerId.of(gone), ReadFreshness.STRONG);
        List<String> relics = before.instances().get("relic");
        UUID openStack = list(gone, Map.of("ore", 2L), null, 5);
        UUID openUnique = list(gone, null, relics.subList(0, 2), 7);
        UUID sold = list(gone, Map.of("potion", 1L), null, 20);
        assertThat(economy.buyListing(ListingBuyRequest.of(id(), sold.toString(), buyer))
                        .status())
                .isEqualTo(OutcomeStatus.COMMITTED);
        assertThatThrownBy(() -> economy.erasePlayer(PlayerId.of(gone))).isInstanceOf(IllegalStateException.class);

        erase(gone);
        EconomyService.ErasureRun run = economy.erasePlayer(PlayerId.of(gone));

        assertThat(run.listingsClosed()).isEqualTo(2);
        assertThat(run.rowsBurned()).isGreaterThan(EconomyService.ERASE_ROWS_PER_TRANSACTION);
        Holdings after = economy.holdings(PlayerId.of(gone), ReadFreshness.STRONG);
        assertThat(after.currency()).isEmpty();
        assertThat(after.items()).isEmpty();
        assertThat(after.instances()).isEmpty();
        PlayerEconomyData data = economy.playerData(PlayerId.of(gone)).orElseThrow();
        assertThat(data.listings())
                .filteredOn(
                        l -> l.listingId().equals(openStack) || l.listingId().equals(openUnique))
                .extracting(Listing::status)
                .containsOnly(Listing.Status.CANCELLED);
        assertThat(data.ledger()).anyMatch(e -> e.source() == LedgerEntry.Source.ERASURE);
        // The ledger is kept: per asset, the player's rows sum to what they hold now, nothing.
        Map<String, Long> sums = new LinkedHashMap<>();
        data.ledger().forEach(e -> sums.merge(e.asset().key(), e.delta(), Long::sum));
        assertThat(sums.values()).containsOnly(0L);
        assertThat(economy.holdings(PlayerId.of(buyer), ReadFreshness.STRONG).items())
                .containsEntry("potion", 1L);
        assertAuditOk();
        AuditReport audit = economy.audit();
        List<PlayerEconomyData> erased = state(gone);

        assertThat(economy.erasePlayer(PlayerId.of(gone))).isEqualTo(new EconomyService.ErasureRun(0, 0));
        dataRights.erase(PlayerId.of(gone));
        assertThat(state(gone)).isEqualTo(erased);
        assertThat(economy.audit().currency()).isEqualTo(audit.currency());
    }

    @Test
    void anErasedSellersExpiredListingIsClosedWithoutGivingThemAnything() {
        String gone = player("gone");
        grant(gone, Map.of(), Map.of("ore", 3L));
        ListingCreateRequest request = ListingCreateRequest.of(
                id(), gone, Bundle.of(null, Map.of("ore", 2L), "items"), null, "gold", 5L, 60L, LIMITS);
        assertThat(economy.createListing(request).status()).isEqualTo(OutcomeStatus.COMMITTED);
        erase(gone);
        CLOCK.advance(Duration.ofSeconds(120));

        EconomyService.ExpiryRun expiry = economy.expireListings();

        assertThat(expiry.expired()).isGreaterThanOrEqualTo(1);
        PlayerEconomyData data = economy.playerData(PlayerId.of(gone)).orElseThrow();
        assertThat(data.holdings().items()).containsExactly(Map.entry("ore", 1L)); // the escrow did not come back
        assertThat(data.listings()).singleElement().extracting(Listing::status).isEqualTo(Listing.Status.EXPIRED);
        assertThat(data.ledger())
                .filteredOn(e -> e.ref().equals(request.listingId().toString()))
                .extracting(MarketPages.HistoryEntry::source)
                .containsExactlyInAnyOrder(
                        LedgerEntry.Source.LISTING, LedgerEntry.Source.EXPIRY, LedgerEntry.Source.ERASURE);
        assertAuditOk();
        dataRights.erase(PlayerId.of(gone));
        assertThat(economy.holdings(PlayerId.of(gone), ReadFreshness.STRONG).items())
                .isEmpty();
        assertAuditOk();
    }

    @Test
    void theExportHoldsExactlyWhatTheStoresHoldForThePlayerAndNothingOfAnother() {
        String me = player("me");
        String peer = player("peer");
        grant(me, Map.of("gold", 80L), Map.of("ore", 6L, "relic", 3L));
        grant(peer, Map.of("gold", 90L), Map.of("potion", 2L));
        economy.trade(TradeRequest.of(
                id(),
                new TradeSide(PlayerId.of(me), Bundle.of(Map.of("gold", 5L), null, "a")),
                new TradeSide(PlayerId.of(peer), Bundle.of(null, Map.of("potion", 1L), "b")),
                LIMITS));
        assertThat(economy.purchase(PurchaseRequest.of(id(), me, "pack", 2)).status())
                .isEqualTo(OutcomeStatus.COMMITTED);
        UUID open = list(me, Map.of("ore", 1L), null, 3);
        UUID sold = list(
                me,
                null,
                economy.holdings(PlayerId.of(me), ReadFreshness.STRONG)
                        .instances()
                        .get("relic")
                        .subList(0, 1),
                9);
        economy.buyListing(ListingBuyRequest.of(id(), sold.toString(), peer));
        list(peer, Map.of("potion", 1L), null, 4); // the peer's own listing: not in my export

        Map<String, Object> export = dataRights.export(PlayerId.of(me));

        Holdings holdings = economy.holdings(PlayerId.of(me), ReadFreshness.STRONG);
        @SuppressWarnings("unchecked")
        Map<String, Object> exported = (Map<String, Object>) export.get("holdings");
        assertThat(exported.get("currency")).isEqualTo(holdings.currency());
        assertThat(exported.get("items")).isEqualTo(holdings.items());
        assertThat(exported.get("instances")).isEqualTo(holdings.instances());
        List<String> history = new ArrayList<>();
        MarketPages.HistoryPage page = economy.history(PlayerId.of(me), 2, null); // small pages: several
        while (true) {
            page.entries()
                    .forEach(e -> history.add(e.entryId() + "|" + e.asset().key() + "|" + e.delta()));
            if (page.next().isEmpty()) {
                break;
            }
            MarketPages.HistoryCursor next = page.next().get();
            page = economy.history(
                    PlayerId.of(me),
                    2,
                    com.bluemarble.functions.core.economy.PageTokens.history(PlayerId.of(me), next));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ledger = (List<Map<String, Object>>) export.get("ledger");
        assertThat(ledger.stream().map(e -> e.get("entryId") + "|" + e.get("asset") + "|" + e.get("delta")))
                .containsExactlyInAnyOrderElementsOf(history)
                .hasSizeGreaterThan(5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listings = (List<Map<String, Object>>) export.get("listings");
        assertThat(listings)
                .extracting(l -> l.get("listingId") + "|" + l.get("status"))
                .containsExactlyInAnyOrder(open + "|OPEN", sold + "|SOLD");
        assertThat(export.get("offerPurchases")).isEqualTo(Map.of("pack", 2L));
        assertThat(export.toString()).doesNotContain(peer);
        assertThat(dataRights.export(PlayerId.of(player("nobody"))))
                .containsEntry("ledger", List.of())
                .containsEntry("listings", List.of());
    }

    @Test
    void theErasureLogIsIdempotentRefusesAReusedIdAndTracksSteps() {
        UUID eraseId = UUID.randomUUID();
        PlayerId a = PlayerId.of(player("log-a"));
        Instant at = Instant.parse("2026-11-29T06:00:00.123456789Z");

        var first = erasures.record(eraseId, a, "asked by the player", at);
        var replay = erasures.record(eraseId, a, "another reason", at.plusSeconds(5));

        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2026-11-29T06:00:00.123456Z"));
        assertThat(replay).isEqualTo(first);
        assertThat(erasures.find(eraseId)).contains(first);
        assertThat(first.reason()).isEqualTo("asked by the player");
        assertThatThrownBy(() -> erasures.record(eraseId, PlayerId.of(player("log-b")), "r", at))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERASE_ID_REUSED.name()));
        assertThat(erasures.find(UUID.randomUUID())).isEmpty();
        assertThat(erasures.unfinished(1000)).extracting(r -> r.eraseId()).contains(eraseId);

        erasures.markDone(eraseId, "freeze-snapshots", at.plusSeconds(1));
        erasures.markDone(eraseId, "freeze-snapshots", at.plusSeconds(9)); // the first time is kept
        assertThat(erasures.find(eraseId).orElseThrow().stepsDone())
                .isEqualTo(Map.of("freeze-snapshots", Instant.parse("2026-11-29T06:00:01.123456Z")));
        assertThatThrownBy(() -> erasures.markDone(eraseId, "erase-everything", at))
                .isInstanceOfSatisfying(
                        DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ERASURE_STEP.name()));
        assertThatThrownBy(() -> erasures.markDone(UUID.randomUUID(), "erase-economy", at))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_ERASURE.name()));
        for (String step : ERASE_STEPS.subList(1, ERASE_STEPS.size())) {
            assertThat(erasures.unfinished(1000)).extracting(r -> r.eraseId()).contains(eraseId);
            erasures.markDone(eraseId, step, at.plusSeconds(2));
        }
        assertThat(erasures.unfinished(1000)).extracting(r -> r.eraseId()).doesNotContain(eraseId);
        assertThat(erasures.find(eraseId).orElseThrow().stepsDone()).containsOnlyKeys(ERASE_STEPS);

        // A second erasure of the same player is recorded too; the player is listed once.
        UUID again = UUID.randomUUID();
        assertThat(erasures.record(again, a, "again", at).eraseId()).isEqualTo(again);
        Set<PlayerId> mine = Set.of(a, PlayerId.of(player("log-c")), PlayerId.of(player("log-d")));
        mine.forEach(p -> {
            if (!p.equals(a)) {
                erasures.record(UUID.randomUUID(), p, "r", at);
            }
        });
        List<PlayerId> paged = new ArrayList<>();
        PlayerId after = null;
        while (true) {
            List<PlayerId> page = erasures.erasedPlayers(after, 2);
            assertThat(page.size()).isLessThanOrEqualTo(2);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            after = page.get(page.size() - 1);
        }
        assertThat(paged).isSorted().doesNotHaveDuplicates().containsAll(mine);
    }

    @Test
    void theExportLogIsIdempotentAndAFailedOrFinishedExportIsNoLongerUnfinished() {
        UUID exportId = UUID.randomUUID();
        PlayerId me = PlayerId.of(player("exp"));
        Instant at = Instant.parse("2026-11-29T06:30:00Z");

        var first = exports.start(exportId, me, at);
        assertThat(exports.start(exportId, me, at.plusSeconds(3))).isEqualTo(first);
        assertThat(first.failure()).isEmpty();
        assertThatThrownBy(() -> exports.start(exportId, PlayerId.of(player("exp-other")), at))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXPORT_ID_REUSED.name()));
        assertThat(exports.unfinished(1000)).extracting(r -> r.exportId()).contains(exportId);
        for (String step : EXPORT_STEPS) {
            exports.markDone(exportId, step, at.plusSeconds(1));
            exports.markDone(exportId, step, at.plusSeconds(2));
        }
        assertThat(exports.find(exportId).orElseThrow().stepsDone()).hasSize(EXPORT_STEPS.size());
        assertThat(exports.unfinished(1000)).extracting(r -> r.exportId()).doesNotContain(exportId);

        UUID failing = UUID.randomUUID();
        exports.start(failing, me, at);
        exports.markDone(failing, "export-economy", at);
        exports.markFailed(failing, "the snapshot store refused", at);
        exports.markFailed(failing, "a later failure", at);
        assertThat(exports.find(failing).orElseThrow().failure()).contains("the snapshot store refused");
        assertThat(exports.unfinished(1000)).extracting(r -> r.exportId()).doesNotContain(failing);
        assertThatThrownBy(() -> exports.markFailed(UUID.randomUUID(), "x", at))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXPORT.name()));
        assertThatThrownBy(() -> exports.markDone(failing, "erase-economy", at))
                .isInstanceOfSatisfying(
                        DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ERASURE_STEP.name()));
    }

    @Test
    void noBackupExportsTheErasureRecordsAndARestoreLeavesThemIntact() throws Exception {
        SpannerSettings own = database("restore");
        DatabaseClient db = SpannerClients.database(spanner, own);
        EconomyService local = new EconomyService(new SpannerEconomyStore(db, own), () -> RULES, CLOCK);
        SpannerErasureLog log = new SpannerErasureLog(db, own, ERASE_STEPS);
        SpannerExportLog exportLog = new SpannerExportLog(db, own, EXPORT_STEPS);
        String gone = player("gone");
        local.grant(GrantRequest.of(id(), gone, Bundle.of(Map.of("gold", 9L), null, "g"), LIMITS));
        UUID eraseId = UUID.randomUUID();
        log.record(eraseId, PlayerId.of(gone), "before the backup", Instant.now());
        log.markDone(eraseId, "freeze-snapshots", Instant.now());
        UUID exportId = UUID.randomUUID();
        exportLog.start(exportId, PlayerId.of(gone), Instant.now());
        SpannerEconomyBackup backup = new SpannerEconomyBackup(db, own, Duration.ofSeconds(60));

        assertThat(backup.tables())
                .extracting(TableSpec::name)
                .doesNotContainAnyElementsOf(SpannerSchema.NOT_BACKED_UP);
        Map<TableSpec, List<List<Object>>> dump = new LinkedHashMap<>();
        ExportPlan plan = backup.plan("erasure-records", Instant.now(), new AuditPlan.Sizing(1000, 10));
        for (ExportUnit unit : plan.units()) {
            backup.export(plan.readTimestamp(), unit, table -> new EconomyExporter.TableWriter() {
                @Override
                public void row(List<Object> values) {
                    dump.computeIfAbsent(table, t -> new ArrayList<>()).add(values);
                }

                @Override
                public void close() {}
            });
        }
        Set<String> exported = new HashSet<>();
        dump.keySet().forEach(t -> exported.add(t.name()));
        assertThat(exported).contains("Players").doesNotContainAnyElementsOf(SpannerSchema.NOT_BACKED_UP);
        var recorded = log.find(eraseId).orElseThrow();
        var started = exportLog.find(exportId).orElseThrow();

        backup.deleteAll();
        assertThat(backup.rowCount()).isZero();
        for (var table : dump.entrySet()) {
            backup.insert(table.getKey(), table.getValue());
        }

        assertThat(log.find(eraseId)).contains(recorded);
        assertThat(exportLog.find(exportId)).contains(started);
        assertThat(log.erasedPlayers(null, 10)).containsExactly(PlayerId.of(gone));
        assertThat(count(db, "ErasedPlayers")).isEqualTo(1);
        assertThatThrownBy(() ->
                        local.grant(GrantRequest.of(id(), gone, Bundle.of(Map.of("gold", 1L), null, "g"), LIMITS)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLAYER_ERASED.name()));
        assertThat(local.holdings(PlayerId.of(gone), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 9L);
    }

    /** A row count, through the emulator's one-transaction-at-a-time gate like every other call. */
    private static long count(DatabaseClient db, String table) throws Exception {
        Supplier<Long> read = () -> {
            try (var rows = db.singleUse().executeQuery(Statement.of("SELECT COUNT(*) FROM " + table))) {
                rows.next();
                return rows.getLong(0);
            }
        };
        return TransactionGate.forSettings(settings).run(Duration.ofSeconds(30), read);
    }
}
