package com.bluemarble.functions.bench;

import com.bluemarble.functions.adapter.s3.backup.S3BackupRepository;
import com.bluemarble.functions.adapter.spanner.SpannerClients;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyStore;
import com.bluemarble.functions.adapter.spanner.SpannerPartitionedAudit;
import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.core.backup.AuditSummary;
import com.bluemarble.functions.core.backup.BackupService;
import com.bluemarble.functions.core.backup.Manifest;
import com.bluemarble.functions.core.backup.PartInfo;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.economy.audit.PartitionedAudit;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.Value;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The synchronous audit vs the partitioned audit job on economies seeded directly with batched
 * mutations (a fresh database per size): wall time and time per player. The goal is the job's
 * time per player not growing with size (large vs small at most 1.2). On the emulator partitions
 * run one at a time (one transaction at a time): the figures show scaling, not parallel speed-up.
 */
final class AuditBench {

    private static final int PLAYERS_PER_COMMIT = 1_000; // about 10 mutations per player
    private static final int PLAYERS_PER_PARTITION = 5_000;

    private AuditBench() {}

    /**
     * @param planMillis the job's start: a strong read that counts the players and scans their keys (keys only)
     * @param backupMillis a partitioned backup of the same economy into S3 (moto): plan, every unit, manifest
     * @param backupOk the backup's manifest audit is the seeded economy's
     */
    record Measured(
            int players,
            double seedSeconds,
            double syncMillis,
            double jobMillis,
            int partitions,
            boolean ok,
            String syncFailure,
            double planMillis,
            String partitionReadProbe,
            double backupMillis,
            long backupBytes,
            int backupParts,
            boolean backupOk) {
        double jobMillisPerPlayer() {
            return jobMillis / players;
        }
    }

    static void run(Report report, PrintStream log, List<Integer> sizes) throws Exception {
        List<Measured> results = new ArrayList<>();
        boolean syncRefused = false;
        for (int players : sizes) {
            // The synchronous audit is measured until it fails (it only gets worse with size).
            Measured m = measure(log, players, !syncRefused);
            syncRefused |= m.syncFailure() != null;
            results.add(m);
        }
        for (Measured m : results) {
            report.add(Row.of(
                    "backup: partitioned export wall time vs the audit job's, " + m.players() + " players",
                    m.backupMillis(),
                    m.jobMillis(),
                    Goal.none(),
                    "ms",
                    Ratios.format(m.backupMillis() / m.players() * 1000) + " us/player; " + m.backupBytes()
                            + " bytes in " + m.backupParts() + " parts (gzip NDJSON, moto S3), units of up to "
                            + PLAYERS_PER_PARTITION + " players, 2 at once; manifest audit as seeded: "
                            + m.backupOk()));
            report.add(Row.of(
                    "audit: job planning (count + keys-only scan of Players at the read timestamp), " + m.players()
                            + " players",
                    m.planMillis(),
                    m.jobMillis(),
                    Goal.none(),
                    "ms",
                    Ratios.format(m.planMillis() / m.players() * 1000)
                            + " us/player; the baseline is the whole job; Spanner's partitionRead of Players keys: "
                            + m.partitionReadProbe()));
        }
        for (Measured m : results) {
            report.add(Row.of(
                    "audit: partitioned job vs synchronous economyAudit wall time, " + m.players() + " players",
                    m.jobMillis(),
                    m.syncMillis(),
                    Goal.none(),
                    "ms",
                    m.partitions() + " partitions of up to " + PLAYERS_PER_PARTITION + " players, 2 workers; job "
                            + Ratios.format(m.jobMillisPerPlayer() * 1000) + " us/player, sync "
                            + (m.syncFailure() == null
                                    ? Ratios.format(m.syncMillis() / m.players() * 1000) + " us/player"
                                    : m.syncFailure().equals(NOT_RUN)
                                            ? "not run (it failed at a smaller size)"
                                            : "FAILED: " + m.syncFailure())
                            + "; job report as seeded (and equal to the sync audit's when it ran): " + m.ok()
                            + "; seeded in " + Ratios.format(m.seedSeconds()) + " s"
                            + (m.syncMillis() > 5000 ? "; the sync audit passed its 5 s request bound" : "")));
        }
        Measured small = results.get(0);
        Measured large = results.get(results.size() - 1);
        boolean allOk = results.stream().allMatch(m -> m.ok() && m.backupOk());
        String metric =
                "audit: partitioned job time per player, " + large.players() + " vs " + small.players() + " players";
        if (!allOk) {
            report.add(Row.failed(
                    metric,
                    Goal.ratioAtMost(1.2),
                    "ms/player",
                    "a job's report (or a backup's manifest audit) differed from the seeded economy's (or from the sync"
                            + " audit's)"));
        } else {
            report.add(Row.of(
                    metric,
                    large.jobMillisPerPlayer(),
                    small.jobMillisPerPlayer(),
                    Goal.ratioAtMost(1.2),
                    "ms/player",
                    "the job's cost per player must not grow with the economy (issue 16)"));
        }
    }

    private static final String NOT_RUN = "not run";

    private static Measured measure(PrintStream log, int players, boolean runSync) throws Exception {
        String database = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Emulators.spanner().createDatabase(database, SpannerSchema.statements());
        SpannerSettings settings = new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                database,
                Emulators.spanner().host(),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5)); // the bench measures the sync audit past its request bound too
        try (Spanner spanner = SpannerClients.open(settings, null)) {
            DatabaseClient client = SpannerClients.database(spanner, settings);
            long seedStart = System.nanoTime();
            seed(client, players);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            log.printf("   seeded %,d players in %.1f s%n", players, seedSeconds);

            long syncStart = System.nanoTime();
            AuditReport synchronous = null;
            String syncFailure = null;
            try {
                if (runSync) {
                    synchronous = AuditReport.of(new SpannerEconomyStore(client, settings).auditSnapshot());
                } else {
                    syncFailure = NOT_RUN;
                }
            } catch (RuntimeException e) { // measured at 50,000 players: the emulator's 128 MB query memory
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                syncFailure = String.valueOf(root.getMessage());
                syncFailure = syncFailure.substring(0, Math.min(140, syncFailure.length()));
            }
            double syncMillis = synchronous == null ? Double.NaN : (System.nanoTime() - syncStart) / 1e6;

            SpannerPartitionedAudit store = new SpannerPartitionedAudit(client, settings, Duration.ofMinutes(5));
            PartitionedAudit job = new PartitionedAudit(
                    store, store, new AuditPlan.Sizing(PLAYERS_PER_PARTITION, 2_000), Clock.systemUTC());
            UUID auditId = UUID.randomUUID();
            long jobStart = System.nanoTime();
            int partitions = job.start(auditId).partitionCount();
            double planMillis = (System.nanoTime() - jobStart) / 1e6;
            job.runPending(auditId, 2);
            AuditReport partitioned = job.status(auditId).report().orElseThrow();
            double jobMillis = (System.nanoTime() - jobStart) / 1e6;
            AuditReport expected = expected(players, partitioned.readTimestamp());
            boolean ok = partitioned.equals(expected)
                    && (synchronous == null
                            || partitioned.equals(new AuditReport(
                                    synchronous.ok(),
                                    partitioned.readTimestamp(),
                                    synchronous.players(),
                                    synchronous.currency(),
                                    synchronous.items(),
                                    synchronous.problems())));
            log.printf(
                    "   %,d players: sync %.0f ms, job %.0f ms (plan %.0f ms, %d partitions), ok %s%n",
                    players, syncMillis, jobMillis, planMillis, partitions, ok);

            String probe = probePartitionRead(spanner, settings, partitioned.readTimestamp(), players);
            log.printf("   %,d players: partitionRead of Players: %s%n", players, probe);

            Backup backup = backup(client, settings, players);
            log.printf(
                    "   %,d players: partitioned backup %.0f ms, %,d bytes in %d parts, audit as seeded %s%n",
                    players, backup.millis(), backup.bytes(), backup.parts(), backup.ok());
            return new Measured(
                    players,
                    seedSeconds,
                    syncMillis,
                    jobMillis,
                    partitions,
                    ok,
                    syncFailure,
                    planMillis,
                    probe,
                    backup.millis(),
                    backup.bytes(),
                    backup.parts(),
                    backup.ok());
        }
    }

    /**
     * Spanner's own partitioning of the Players keys at the audit's timestamp (docs/audit.md,
     * "Planning"): how many partitions for a hint of one per {@link #PLAYERS_PER_PARTITION} players,
     * how long partitioning and reading them take, and whether each partition's players form a
     * contiguous, disjoint key range (what the per-player checks need).
     */
    static String probePartitionRead(Spanner spanner, SpannerSettings settings, Instant at, int players) {
        try {
            com.google.cloud.spanner.BatchClient batch = spanner.getBatchClient(com.google.cloud.spanner.DatabaseId.of(
                    settings.projectId(), settings.instanceId(), settings.databaseId()));
            long start = System.nanoTime();
            try (com.google.cloud.spanner.BatchReadOnlyTransaction tx =
                    batch.batchReadOnlyTransaction(com.google.cloud.spanner.TimestampBound.ofReadTimestamp(
                            com.google.cloud.Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano())))) {
                int hint = Math.max(1, players / PLAYERS_PER_PARTITION);
                List<com.google.cloud.spanner.Partition> partitions = tx.partitionRead(
                        com.google.cloud.spanner.PartitionOptions.newBuilder()
                                .setMaxPartitions(hint)
                                .build(),
                        "Players",
                        com.google.cloud.spanner.KeySet.all(),
                        List.of("PlayerId"));
                double partitionMillis = (System.nanoTime() - start) / 1e6;
                List<String[]> ranges = new ArrayList<>();
                long rows = 0;
                boolean sorted = true;
                for (com.google.cloud.spanner.Partition partition : partitions) {
                    String first = null;
                    String last = null;
                    try (com.google.cloud.spanner.ResultSet result = tx.execute(partition)) {
                        while (result.next()) {
                            String id = result.getString(0);
                            sorted &= last == null || id.compareTo(last) > 0;
                            first = first == null ? id : first;
                            last = id;
                            rows++;
                        }
                    }
                    if (first != null) {
                        ranges.add(new String[] {first, last});
                    }
                }
                ranges.sort(java.util.Comparator.comparing(r -> r[0]));
                boolean disjoint = true;
                for (int i = 1; i < ranges.size(); i++) {
                    disjoint &= ranges.get(i)[0].compareTo(ranges.get(i - 1)[1]) > 0;
                }
                double totalMillis = (System.nanoTime() - start) / 1e6;
                return partitions.size() + " partitions for a hint of " + hint + " (" + Ratios.format(partitionMillis)
                        + " ms to partition, " + Ratios.format(totalMillis) + " ms with reading " + rows
                        + " keys; each partition sorted " + sorted + ", ranges disjoint " + disjoint + ")";
            }
        } catch (RuntimeException e) {
            return "failed: "
                    + e.getMessage().substring(0, Math.min(140, e.getMessage().length()));
        }
    }

    private record Backup(double millis, long bytes, int parts, boolean ok) {}

    /** A partitioned backup of the seeded economy into the backups bucket of a fresh moto namespace. */
    private static Backup backup(DatabaseClient client, SpannerSettings settings, int players) {
        AwsResources aws =
                Emulators.aws().provision("ab" + UUID.randomUUID().toString().substring(0, 6));
        try (S3Client s3 = Emulators.aws()
                .clients()
                .configure(S3Client.builder(), Duration.ofMinutes(2))
                .build()) {
            BackupService backups = new BackupService(
                    new SpannerEconomyBackup(client, settings, Duration.ofMinutes(10)),
                    List.of(),
                    List.of(),
                    Map.of(),
                    new S3BackupRepository(s3, aws.bucket("bluemarble-backups"), 8 * 1024 * 1024, 10),
                    () -> {
                        throw new IllegalStateException("the bench does not restore");
                    },
                    Clock.systemUTC(),
                    500_000,
                    256L * 1024 * 1024,
                    new AuditPlan.Sizing(PLAYERS_PER_PARTITION, 2_000),
                    2);
            long start = System.nanoTime();
            Manifest manifest = backups.create();
            double millis = (System.nanoTime() - start) / 1e6;
            long bytes = 0;
            int parts = 0;
            for (Manifest.TableEntry table : manifest.tables()) {
                for (PartInfo part : table.parts()) {
                    bytes += part.bytes();
                    parts++;
                }
            }
            boolean ok = manifest.economyAudit().equals(AuditSummary.of(expected(players, manifest.readTimestamp())));
            return new Backup(millis, bytes, parts, ok);
        }
    }

    /** What {@link #seed} puts in: every asset minted by grants and held, nothing burned or escrowed. */
    static AuditReport expected(int players, Instant readTimestamp) {
        java.util.SortedMap<String, AuditReport.Totals> currency = new java.util.TreeMap<>();
        currency.put("gems", new AuditReport.Totals(10L * players, 10L * players));
        currency.put("gold", new AuditReport.Totals(100L * players, 100L * players));
        java.util.SortedMap<String, AuditReport.Totals> items = new java.util.TreeMap<>();
        items.put("potion", new AuditReport.Totals(3L * players, 3L * players));
        items.put("relic", new AuditReport.Totals(players, players));
        return new AuditReport(true, readTimestamp, players, currency, items, List.of());
    }

    /**
     * Each player: gold, gems, a potion stack and a unique relic, each granted (one ledger row per
     * asset); even players then give 5 gold to the next (two TRADE rows). The economy audits ok.
     */
    static void seed(DatabaseClient client, int players) {
        List<Mutation> batch = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            String player = String.format("p%08d", i);
            boolean gives = i % 2 == 0 && i + 1 < players;
            boolean receives = i % 2 == 1;
            long gold = 100 + (gives ? -5 : 0) + (receives ? 5 : 0);
            batch.add(Mutation.newInsertBuilder("Players")
                    .set("PlayerId")
                    .to(player)
                    .set("CreatedAt")
                    .to(Value.COMMIT_TIMESTAMP)
                    .build());
            batch.add(balance("CurrencyBalances", "Currency", "Amount", player, "gold", gold));
            batch.add(balance("CurrencyBalances", "Currency", "Amount", player, "gems", 10));
            batch.add(balance("ItemStacks", "Sku", "Quantity", player, "potion", 3));
            batch.add(Mutation.newInsertBuilder("ItemInstances")
                    .set("PlayerId")
                    .to(player)
                    .set("Sku")
                    .to("relic")
                    .set("InstanceId")
                    .to(UUID.nameUUIDFromBytes(("relic-" + i).getBytes(StandardCharsets.UTF_8))
                            .toString())
                    .build());
            String grant = UUID.nameUUIDFromBytes(("grant-" + i).getBytes(StandardCharsets.UTF_8))
                    .toString();
            batch.add(ledger(player, grant, "currency:gold", "GRANT", 100));
            batch.add(ledger(player, grant, "currency:gems", "GRANT", 10));
            batch.add(ledger(player, grant, "item:potion", "GRANT", 3));
            batch.add(ledger(player, grant, "item:relic", "GRANT", 1));
            int pair = i - i % 2;
            String trade = UUID.nameUUIDFromBytes(("trade-" + pair).getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (gives) {
                batch.add(ledger(player, trade, "currency:gold", "TRADE", -5));
            }
            if (receives) {
                batch.add(ledger(player, trade, "currency:gold", "TRADE", 5));
            }
            if ((i + 1) % PLAYERS_PER_COMMIT == 0 || i + 1 == players) {
                // A pair never straddles a commit (1,000 is even); the audit runs after the last one.
                client.write(batch);
                batch = new ArrayList<>();
            }
        }
    }

    private static Mutation balance(
            String table, String nameColumn, String amountColumn, String player, String name, long amount) {
        return Mutation.newInsertBuilder(table)
                .set("PlayerId")
                .to(player)
                .set(nameColumn)
                .to(name)
                .set(amountColumn)
                .to(amount)
                .build();
    }

    private static Mutation ledger(String player, String transactionId, String asset, String source, long delta) {
        return Mutation.newInsertBuilder("LedgerEntries")
                .set("PlayerId")
                .to(player)
                .set("TransactionId")
                .to(transactionId)
                .set("Asset")
                .to(asset)
                .set("Source")
                .to(source)
                .set("Delta")
                .to(delta)
                .set("CommittedAt")
                .to(Value.COMMIT_TIMESTAMP)
                .build();
    }
}
