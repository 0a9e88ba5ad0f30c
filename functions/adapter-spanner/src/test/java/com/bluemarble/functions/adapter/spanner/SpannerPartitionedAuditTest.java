package com.bluemarble.functions.adapter.spanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.economy.ListingCreateRequest;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.economy.audit.AuditJob;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.economy.audit.PartitionedAudit;
import com.bluemarble.functions.core.economy.audit.PlayerKeyRange;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partitioned audit on the real Spanner emulator: its report equals the synchronous audit's on
 * the same data (healthy, then with planted faults, each found in exactly one partition); it reads
 * at its own timestamp whatever is written after the start; a crashed worker's partition is redone
 * and never counted twice. One database per test: the synchronous audit covers the whole database.
 */
class SpannerPartitionedAuditTest {

    private static final EconomyLimits LIMITS = EconomyLimits.defaults(Set.of("relic"));
    private static final AuditPlan.Sizing SIZING = new AuditPlan.Sizing(7, 8);
    private static Spanner spanner;
    private static SpannerSettings settings;
    private static SpannerEmulator emulator;

    record Db(EconomyService economy, SpannerEconomyStore store, SpannerPartitionedAudit audit, DatabaseClient client) {
        PartitionedAudit job() {
            return new PartitionedAudit(audit, audit, SIZING, Clock.systemUTC());
        }
    }

    @BeforeAll
    static void start() {
        emulator = Emulators.spanner();
        settings = settings("unused");
        spanner = SpannerClients.open(settings, null);
    }

    @AfterAll
    static void close() {
        spanner.close();
    }

    private static SpannerSettings settings(String database) {
        return new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                database,
                emulator.host(),
                Duration.ofSeconds(20),
                Duration.ofSeconds(20));
    }

    private static Db database() {
        String database = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.createDatabase(database, SpannerSchema.statements());
        SpannerSettings dbSettings = settings(database);
        DatabaseClient client = SpannerClients.database(spanner, dbSettings);
        SpannerEconomyStore store = new SpannerEconomyStore(client, dbSettings);
        return new Db(
                new EconomyService(store, LIMITS),
                store,
                new SpannerPartitionedAudit(client, dbSettings, Duration.ofSeconds(30)),
                client);
    }

    /** Grants to {@code players} players (ids of varied lengths), then random trades and listings. */
    private static List<String> seed(EconomyService economy, Random random, int players) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36).substring(0, 2 + random.nextInt(5)) + i;
            ids.add(id);
            economy.grant(GrantRequest.of(
                    UUID.randomUUID().toString(),
                    id,
                    Bundle.of(Map.of("gold", 100L + random.nextInt(400)), Map.of("potion", 3L, "relic", 2L), "g"),
                    LIMITS));
        }
        for (int i = 0; i < players; i++) {
            String a = ids.get(random.nextInt(players));
            String b = ids.get(random.nextInt(players));
            if (a.equals(b)) {
                continue;
            }
            if (random.nextBoolean()) {
                economy.trade(TradeRequest.of(
                        UUID.randomUUID().toString(),
                        new TradeSide(PlayerId.of(a), Bundle.of(Map.of("gold", 1L + random.nextInt(50)), null, "a")),
                        new TradeSide(PlayerId.of(b), Bundle.of(null, Map.of("relic", 1L), "b")),
                        LIMITS));
            } else {
                economy.createListing(ListingCreateRequest.of(
                        UUID.randomUUID().toString(),
                        a,
                        Bundle.of(null, Map.of(random.nextBoolean() ? "potion" : "relic", 1L), "items"),
                        null,
                        "gold",
                        1L + random.nextInt(100),
                        3600L,
                        LIMITS));
            }
        }
        return ids;
    }

    private static AuditReport withoutTimestamp(AuditReport report) {
        return new AuditReport(
                report.ok(), Instant.EPOCH, report.players(), report.currency(), report.items(), report.problems());
    }

    private static AuditReport runToTheEnd(PartitionedAudit job, UUID auditId) {
        job.runPending(auditId, 2);
        PartitionedAudit.Status status = job.status(auditId);
        assertThat(status.complete()).isTrue();
        return status.report().orElseThrow();
    }

    @Test
    void theJobReportsWhatTheSynchronousAuditReportsHealthyAndWithPlantedFaults() {
        Db db = database();
        Random random = new Random(16);
        List<String> players = seed(db.economy(), random, 30);
        AuditReport healthy = db.economy().audit();
        assertThat(healthy.ok()).as(healthy.problems().toString()).isTrue();
        PartitionedAudit job = db.job();
        UUID first = UUID.randomUUID();
        AuditJob started = job.start(first);
        assertThat(started.partitionCount()).isBetween(2, 8);
        assertThat(withoutTimestamp(runToTheEnd(job, first))).isEqualTo(withoutTimestamp(healthy));
        assertThat(job.status(first).report().orElseThrow().readTimestamp())
                .isEqualTo(started.plan().readTimestamp());

        // Planted faults (a negative balance cannot be planted here: the schema's CHECK refuses it;
        // the in-memory property test plants one).
        PlayerId noLedger = PlayerId.of(players.get(3));
        PlayerId holder = PlayerId.of(players.get(11));
        PlayerId seller = PlayerId.of(players.get(20));
        String heldRelic = db.economy()
                .holdings(holder, ReadFreshness.STRONG)
                .instances()
                .get("relic")
                .get(0);
        UUID listingId = UUID.randomUUID();
        db.store().readWrite(tx -> {
            tx.putCurrencyBalance(noLedger, "ruby", 7);
            tx.insertListing(new Listing(
                    listingId,
                    seller,
                    "relic",
                    1,
                    List.of(heldRelic),
                    "gold",
                    10,
                    Listing.Status.OPEN,
                    Instant.now().plusSeconds(3600),
                    null,
                    null));
            return null;
        });
        AuditReport faulty = db.economy().audit();
        assertThat(faulty.ok()).isFalse();
        UUID second = UUID.randomUUID();
        job.start(second);
        assertThat(withoutTimestamp(runToTheEnd(job, second))).isEqualTo(withoutTimestamp(faulty));
        Map<Integer, List<String>> findings = job.status(second).partitionFindings();
        for (String fault : List.of(
                "ledger-mismatch " + noLedger + " currency:ruby",
                "escrowed-instance-held " + listingId + " " + heldRelic)) {
            assertThat(findings.values().stream().filter(f -> f.contains(fault)).count())
                    .as(fault + " in " + findings)
                    .isEqualTo(1);
        }
        // The first audit's answer is durable and unchanged by what happened since.
        assertThat(withoutTimestamp(job.status(first).report().orElseThrow())).isEqualTo(withoutTimestamp(healthy));
    }

    @Test
    void everyPartitionReadsAtTheAuditsTimestampWhateverIsWrittenAfterTheStart() {
        Db db = database();
        List<String> players = seed(db.economy(), new Random(7), 20);
        AuditReport before = db.economy().audit();
        PartitionedAudit job = db.job();
        UUID auditId = UUID.randomUUID();
        job.start(auditId);
        // Written after the start: a new player, and more gold for an existing one.
        db.economy()
                .grant(GrantRequest.of(
                        UUID.randomUUID().toString(), "zz-late", Bundle.of(Map.of("gold", 5L), null, "g"), LIMITS));
        db.economy()
                .grant(GrantRequest.of(
                        UUID.randomUUID().toString(),
                        players.get(0),
                        Bundle.of(Map.of("gold", 5L), null, "g"),
                        LIMITS));
        assertThat(withoutTimestamp(runToTheEnd(job, auditId))).isEqualTo(withoutTimestamp(before));
        assertThat(job.start(auditId)).isEqualTo(job.status(auditId).job()); // idempotent on auditId
    }

    @Test
    void aWorkerCrashedMidPartitionIsRedoneAndNoPartitionIsCountedTwice() {
        Db db = database();
        seed(db.economy(), new Random(3), 25);
        AuditReport synchronous = db.economy().audit();
        UUID auditId = UUID.randomUUID();
        AtomicInteger reads = new AtomicInteger();
        // A worker that dies in its second partition after reading it, before recording it.
        SpannerPartitionedAudit real = db.audit();
        var crashing = new com.bluemarble.functions.core.economy.audit.AuditPartitionSource() {
            @Override
            public AuditPlan plan(AuditPlan.Sizing sizing) {
                return real.plan(sizing);
            }

            @Override
            public AuditPartial read(Instant at, PlayerKeyRange range) {
                AuditPartial partial = real.read(at, range);
                if (reads.incrementAndGet() == 2) {
                    throw new IllegalStateException("worker crashed mid-partition");
                }
                return partial;
            }

            @Override
            public long countPlayers(long upTo) {
                return real.countPlayers(upTo);
            }
        };
        PartitionedAudit crashingJob = new PartitionedAudit(crashing, real, SIZING, Clock.systemUTC());
        AuditJob started = crashingJob.start(auditId);
        assertThat(started.partitionCount()).isGreaterThan(2);
        assertThatThrownBy(() -> crashingJob.runPending(auditId, 1)).hasMessageContaining("crashed");
        assertThat(crashingJob.pending(auditId)).containsExactly(1);
        assertThat(crashingJob.status(auditId).complete()).isFalse();

        PartitionedAudit resumed = db.job();
        AuditReport report = runToTheEnd(resumed, auditId);
        // A straggler that read partition 0 and records late: refused, nothing added.
        assertThat(real.recordPartial(
                        auditId,
                        0,
                        real.read(
                                started.plan().readTimestamp(),
                                started.plan().partitions().get(0))))
                .isFalse();
        try (ResultSet rows = db.client()
                .singleUse()
                .executeQuery(Statement.newBuilder("SELECT COUNT(*) FROM AuditPartitions WHERE AuditId = @id")
                        .bind("id")
                        .to(auditId.toString())
                        .build())) {
            rows.next();
            assertThat(rows.getLong(0)).isEqualTo(started.partitionCount());
        }
        assertThat(withoutTimestamp(report)).isEqualTo(withoutTimestamp(synchronous));
        assertThat(report.ok()).isTrue();
    }
}
