package com.bluemarble.functions.core.economy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.InMemoryEconomyStore;
import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.economy.ListingCreateRequest;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The partitioned audit reports what the synchronous audit reports, over random economies, random
 * partition sizes and planted faults; each planted fault is found in exactly one partition; a
 * crashed worker's partition is redone and a partition recorded twice counts once.
 */
class PartitionedAuditProperties {

    private static final Instant READ_AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final EconomyLimits LIMITS = EconomyLimits.defaults(Set.of("relic"));

    /** A random economy built through the service (grants, trades, listings), with optional faults. */
    record Economy(InMemoryEconomyStore store, List<String> players, List<String> plantedFindings) {}

    static Economy economy(long seed, int playerCount, boolean plantFaults) {
        Random random = new Random(seed);
        InMemoryEconomyStore store = new InMemoryEconomyStore();
        EconomyService economy = new EconomyService(store, LIMITS);
        TreeSet<String> ids = new TreeSet<>();
        while (ids.size() < playerCount) { // ids of varied lengths, so ranges split unevenly
            ids.add(Long.toString(random.nextLong() & Long.MAX_VALUE, 36).substring(0, 1 + random.nextInt(6)));
        }
        List<String> players = new ArrayList<>(ids);
        for (String player : players) {
            economy.grant(GrantRequest.of(
                    UUID.randomUUID().toString(),
                    player,
                    Bundle.of(
                            Map.of("gold", 1L + random.nextInt(500)),
                            Map.of("potion", 1L + random.nextInt(5), "relic", 1L + random.nextInt(2)),
                            "g"),
                    LIMITS));
        }
        for (int i = 0; i < playerCount * 2; i++) {
            String a = players.get(random.nextInt(players.size()));
            String b = players.get(random.nextInt(players.size()));
            if (a.equals(b)) {
                continue;
            }
            if (random.nextBoolean()) {
                economy.trade(TradeRequest.of(
                        UUID.randomUUID().toString(),
                        new TradeSide(PlayerId.of(a), Bundle.of(Map.of("gold", 1L + random.nextInt(50)), null, "a")),
                        new TradeSide(
                                PlayerId.of(b),
                                Bundle.of(null, Map.of(random.nextBoolean() ? "potion" : "relic", 1L), "b")),
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
        List<String> planted = new ArrayList<>();
        if (plantFaults) {
            PlayerId noLedger = PlayerId.of(players.get(random.nextInt(players.size())));
            PlayerId negative = PlayerId.of(players.get(random.nextInt(players.size())));
            PlayerId holder = PlayerId.of(players.get(random.nextInt(players.size())));
            PlayerId seller = PlayerId.of(players.get(random.nextInt(players.size())));
            String heldRelic =
                    economy.holdings(holder, ReadFreshness.STRONG).instances().getOrDefault("relic", List.of()).stream()
                            .findFirst()
                            .orElse(null);
            UUID listingId = UUID.randomUUID();
            store.readWrite(tx -> {
                tx.putCurrencyBalance(noLedger, "ruby", 7); // a balance without its ledger rows
                tx.putItemStack(negative, "debt", -3); // a negative balance (and no ledger either)
                if (heldRelic != null) { // a duplicated instance: escrowed and held at once
                    tx.insertListing(new Listing(
                            listingId,
                            seller,
                            "relic",
                            1,
                            List.of(heldRelic),
                            "gold",
                            10,
                            Listing.Status.OPEN,
                            READ_AT.plusSeconds(3600),
                            null,
                            null));
                }
                return null;
            });
            planted.add("ledger-mismatch " + noLedger + " currency:ruby");
            planted.add("negative-balance " + negative + " item:debt");
            if (heldRelic != null) {
                planted.add("escrowed-instance-held " + listingId + " " + heldRelic);
            }
        }
        return new Economy(store, players, planted);
    }

    static PartitionedAudit job(InMemoryEconomyStore store, AuditJobStore jobs, int perPartition, int maxPartitions) {
        return new PartitionedAudit(
                new InMemoryAuditPartitionSource(store, READ_AT),
                jobs,
                new AuditPlan.Sizing(perPartition, maxPartitions),
                Clock.fixed(READ_AT, ZoneOffset.UTC));
    }

    /** The report without its timestamp (the synchronous audit of the in-memory store has its own clock). */
    static AuditReport atReadTimestamp(AuditReport report) {
        return new AuditReport(
                report.ok(), READ_AT, report.players(), report.currency(), report.items(), report.problems());
    }

    @Property(tries = 60)
    void theJobReportsWhatTheSynchronousAuditReports(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int players,
            @ForAll @IntRange(min = 1, max = 9) int perPartition,
            @ForAll @IntRange(min = 1, max = 12) int maxPartitions,
            @ForAll boolean plantFaults) {
        Economy economy = economy(seed, players, plantFaults);
        AuditReport synchronous = new EconomyService(economy.store(), LIMITS).audit();
        PartitionedAudit job = job(economy.store(), new InMemoryAuditJobStore(), perPartition, maxPartitions);
        UUID auditId = UUID.randomUUID();
        AuditJob started = job.start(auditId);
        assertThat(started.partitionCount()).isBetween(1, maxPartitions);
        assertThat(job.status(auditId).complete()).isFalse();
        job.runPending(auditId, 3);

        PartitionedAudit.Status status = job.status(auditId);
        assertThat(status.partitionsDone()).isEqualTo(started.partitionCount());
        assertThat(status.report()).hasValue(atReadTimestamp(synchronous));
        assertThat(synchronous.ok()).isEqualTo(!plantFaults);
        for (String fault : economy.plantedFindings()) {
            long partitionsWithIt = status.partitionFindings().values().stream()
                    .filter(findings -> findings.contains(fault))
                    .count();
            assertThat(partitionsWithIt).as(fault).isEqualTo(1);
        }
    }

    @Property(tries = 30)
    void aCrashedWorkerIsRedoneAndNoPartitionCountsTwice(
            @ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int players, @ForAll boolean plantFaults) {
        Economy economy = economy(seed, players, plantFaults);
        AuditReport synchronous = new EconomyService(economy.store(), LIMITS).audit();
        InMemoryAuditJobStore jobs = new InMemoryAuditJobStore();
        UUID auditId = UUID.randomUUID();
        InMemoryAuditPartitionSource healthy = new InMemoryAuditPartitionSource(economy.store(), READ_AT);
        int[] reads = new int[1];
        // A worker that dies after reading partition 1, before recording it.
        AuditPartitionSource crashing = new InMemoryAuditPartitionSource(economy.store(), READ_AT) {
            @Override
            public AuditPartial read(Instant at, PlayerKeyRange range) {
                AuditPartial partial = healthy.read(at, range);
                if (reads[0]++ == 1) {
                    throw new IllegalStateException("worker crashed mid-partition");
                }
                return partial;
            }
        };
        AuditPlan.Sizing sizing = new AuditPlan.Sizing(1, 4);
        Clock clock = Clock.fixed(READ_AT, ZoneOffset.UTC);
        PartitionedAudit crashingJob = new PartitionedAudit(crashing, jobs, sizing, clock);
        AuditJob started = crashingJob.start(auditId);
        assertThat(started.partitionCount()).isGreaterThan(1);
        assertThatThrownBy(() -> crashingJob.runPending(auditId, 1)).hasMessageContaining("crashed");
        assertThat(crashingJob.status(auditId).complete()).isFalse();
        assertThat(crashingJob.pending(auditId)).containsExactly(1);

        // The same audit restarted (idempotent: same plan), resumed, and every partition run again by a second worker.
        PartitionedAudit resumed = new PartitionedAudit(healthy, jobs, sizing, clock);
        assertThat(resumed.start(auditId)).isEqualTo(started);
        resumed.runPending(auditId, 2);
        for (int partition = 0; partition < started.partitionCount(); partition++) {
            assertThat(resumed.runPartition(auditId, partition))
                    .isEqualTo(PartitionedAudit.PartitionOutcome.ALREADY_RECORDED);
        }
        // A straggler that read before the others recorded: its late record is refused, not added.
        assertThat(jobs.recordPartial(
                        auditId,
                        0,
                        healthy.read(READ_AT, started.plan().partitions().get(0))))
                .isFalse();
        assertThat(jobs.accepted()).isEqualTo(started.partitionCount());
        assertThat(resumed.status(auditId).report()).hasValue(atReadTimestamp(synchronous));
    }

    @Property(tries = 40)
    void partialsCombineInAnyGroupingAndSurviveTheirTextForm(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 25) int players) {
        Economy economy = economy(seed, players, true);
        List<String> ids = economy.store().sortedPlayerIds();
        List<PlayerKeyRange> ranges = AuditPlan.ranges(List.of(ids.get(ids.size() / 3), ids.get(2 * ids.size() / 3)));
        assertThat(ranges).hasSize(3);
        AuditPartial a = economy.store().auditPartition(ranges.get(0));
        AuditPartial b = economy.store().auditPartition(ranges.get(1));
        AuditPartial c = economy.store().auditPartition(ranges.get(2));
        assertThat(a.plus(b).plus(c))
                .isEqualTo(a.plus(b.plus(c)))
                .isEqualTo(c.plus(a).plus(b));
        assertThat(a.plus(AuditPartial.EMPTY)).isEqualTo(a);
        assertThat(AuditPartial.decode(a.plus(b).encode())).isEqualTo(a.plus(b));
        assertThat(economy.store().auditPartition(new PlayerKeyRange("", null)))
                .isEqualTo(a.plus(b).plus(c));
    }

    @Property(tries = 50)
    void plansCoverEveryPlayerOnceWithinTheirBounds(
            @ForAll @IntRange(min = 0, max = 200) int players,
            @ForAll @IntRange(min = 1, max = 20) int perPartition,
            @ForAll @IntRange(min = 1, max = 15) int maxPartitions) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            ids.add(String.format("p%05d", i));
        }
        List<PlayerKeyRange> ranges =
                AuditPlan.split(players, ids.iterator(), new AuditPlan.Sizing(perPartition, maxPartitions));
        assertThat(ranges.size()).isBetween(1, maxPartitions);
        assertThat(ranges.get(0).from()).isEmpty();
        assertThat(ranges.get(ranges.size() - 1).to()).isNull();
        for (String id : ids) {
            assertThat(ranges.stream().filter(r -> r.contains(id)).count()).isEqualTo(1);
        }
        AuditPlan plan = new AuditPlan(READ_AT, players, ranges);
        assertThat(AuditPlan.ranges(plan.boundaries())).isEqualTo(ranges);
        assertThat(AssetRef.parse("item:relic")).isEqualTo(AssetRef.item("relic"));
    }
}
