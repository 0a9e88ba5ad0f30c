package com.bluemarble.functions.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.adapter.s3.backup.S3BackupRepository;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.core.backup.AuditSummary;
import com.bluemarble.functions.core.backup.BackupCorruptException;
import com.bluemarble.functions.core.backup.BackupRepository;
import com.bluemarble.functions.core.backup.BackupService;
import com.bluemarble.functions.core.backup.EconomyExporter;
import com.bluemarble.functions.core.backup.ExportPlan;
import com.bluemarble.functions.core.backup.ExportUnit;
import com.bluemarble.functions.core.backup.Manifest;
import com.bluemarble.functions.core.backup.PartInfo;
import com.bluemarble.functions.core.backup.TableSpec;
import com.bluemarble.functions.core.backup.UnitDone;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.google.cloud.spanner.Spanner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import tools.jackson.databind.node.ObjectNode;

/**
 * Partitioned backups on the emulators (docs/audit.md, "Partitioned backups"): the economy is
 * exported in units (ranges of players, then the other tables), every unit read at the plan's one
 * timestamp, each unit its own parts; restore into an empty database reproduces the source's audit
 * at that timestamp, not the writes made after it; a crash in one part, then a resume, rewrites no
 * finished part and gives the manifest a clean run gives; a format-1 manifest still restores.
 */
class PartitionedBackupTest {

    private static final java.util.regex.Pattern PART_NUMBER =
            java.util.regex.Pattern.compile("-part-(\\d{5})\\.ndjson\\.gz$");
    private static FunctionsTestContext app;
    private static S3Client s3;
    private static String bucket;
    private static Spanner spanner;
    private static SpannerEconomyBackup source;
    private static S3BackupRepository repository;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("pb" + UUID.randomUUID().toString().substring(0, 8));
        bucket = resources.bucket("bluemarble-backups"); // versioned: a rewritten part would leave two versions
        s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(S3Client.builder())
                .build();
        app = FunctionsTestContext.start(Map.of());
        spanner = FunctionsTestContext.emulatorClient();
        source = FunctionsTestContext.economyTables(spanner, app.databaseId());
        repository = new S3BackupRepository(s3, bucket, 5 * 1024 * 1024, 100);
        for (int i = 0; i < 11; i++) {
            grant("p" + i, 10 + i);
        }
        for (int i = 0; i < 4; i++) {
            Response traded = app.call(
                    "trade",
                    "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"p" + i
                            + "\",\"gives\":{\"currency\":{\"gold\":3}}},\"b\":{\"playerId\":\"p" + (i + 5)
                            + "\",\"gives\":{\"items\":{\"potion\":1}}}}");
            assertThat(traded.status()).as(traded.body()).isEqualTo(200);
        }
        Response listed = app.call(
                "listingCreate",
                "{\"listingId\":\"" + UUID.randomUUID()
                        + "\",\"sellerId\":\"p2\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":4}}");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
        s3.close();
        spanner.close();
    }

    private static void grant(String player, long gold) {
        Response granted = app.call(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player + "\",\"currency\":{\"gold\":"
                        + gold + "},\"items\":{\"potion\":3}}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    }

    /** 3 players per partition, 4 rows per part: several units and several parts per unit's big tables. */
    private static BackupService service(EconomyExporter economy, BackupRepository repo, String targetDatabase) {
        return new BackupService(
                economy,
                List.of(),
                List.of(),
                Map.of(),
                repo,
                () -> FunctionsTestContext.economyTables(spanner, targetDatabase),
                Clock.systemUTC(),
                4,
                1L << 30,
                new AuditPlan.Sizing(3, 100),
                3);
    }

    private static AuditSummary auditNow(SpannerEconomyBackup database) {
        return AuditSummary.of(AuditReport.of(database.audit()));
    }

    @Test
    void aPartitionedBackupRestoresTheSourcesEconomyAtItsTimestampAndNotTheWritesAfterIt() {
        AuditSummary atBackup = auditNow(source);
        AtomicBoolean wroteAfterPlan = new AtomicBoolean();
        // Writes after the plan chose its timestamp, before any unit is read: none may be in the backup.
        EconomyExporter writingAfterThePlan = new EconomyExporter() {
            @Override
            public ExportPlan plan(String backupId, Instant createdAt, AuditPlan.Sizing sizing) {
                ExportPlan plan = source.plan(backupId, createdAt, sizing);
                grant("p3", 1000); // an existing player's balance and ledger
                grant("zz-late", 7); // a new player, in the last (open-ended) range
                wroteAfterPlan.set(true);
                return plan;
            }

            @Override
            public AuditPartial export(
                    Instant readTimestamp, ExportUnit unit, Function<TableSpec, EconomyExporter.TableWriter> sinks) {
                assertThat(wroteAfterPlan).isTrue();
                return source.export(readTimestamp, unit, sinks);
            }
        };
        String target = FunctionsTestContext.newDatabase();
        BackupService backups = service(writingAfterThePlan, repository, target);
        Manifest manifest = backups.create();

        assertThat(manifest.format()).isEqualTo(Manifest.FORMAT);
        assertThat(auditNow(source)).as("the source moved on").isNotEqualTo(atBackup);
        assertThat(manifest.economyAudit()).isEqualTo(atBackup);
        assertThat(manifest.economyAudit().ok()).isTrue();
        // 11 players, 3 per partition: 4 ranges of players, then the other root tables whole.
        List<String> playerUnits = manifest.units().stream()
                .filter(u -> u.players() != null)
                .map(Manifest.Unit::name)
                .toList();
        assertThat(playerUnits).containsExactly("players-00000", "players-00001", "players-00002", "players-00003");
        assertThat(manifest.units()).anyMatch(u -> u.name().equals("table-Listings"));
        Manifest.TableEntry ledger = manifest.tables().stream()
                .filter(t -> t.table().name().equals("LedgerEntries"))
                .findFirst()
                .orElseThrow();
        for (String unit : playerUnits) { // each partition's rows are their own parts
            assertThat(ledger.parts()).anyMatch(p -> p.key().contains("/LedgerEntries/" + unit + "-part-"));
        }
        assertThat(ledger.parts().size()).isGreaterThan(playerUnits.size()); // and split by the part limit

        BackupService.Restored restored = backups.restore(manifest.backupId(), false);
        assertThat(restored.auditMatches()).isTrue();
        assertThat(restored.audit()).isEqualTo(atBackup);
        assertThat(restored.rows()).isEqualTo(manifest.totalRows());
        assertThat(auditNow(FunctionsTestContext.economyTables(spanner, target)))
                .isEqualTo(atBackup);
    }

    /** Fails the first part of one unit once; counts every part opened, by key. */
    private static final class FailingOnce implements BackupRepository {
        final String failUnit;
        final AtomicBoolean failed = new AtomicBoolean();
        final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();
        volatile String backupId;

        FailingOnce(String failUnit) {
            this.failUnit = failUnit;
        }

        @Override
        public PartWriter openPart(String backupId, String dataset, TableSpec table, int partNumber) {
            throw new AssertionError("no data sets in this test");
        }

        @Override
        public PartWriter openPart(String backupId, String dataset, TableSpec table, String unit, int partNumber) {
            this.backupId = backupId;
            opened.computeIfAbsent(unit + "/" + table.name() + "/" + partNumber, k -> new AtomicInteger())
                    .incrementAndGet();
            PartWriter part = repository.openPart(backupId, dataset, table, unit, partNumber);
            if (!unit.equals(failUnit) || !table.name().equals("LedgerEntries") || failed.get()) {
                return part;
            }
            return new PartWriter() { // the crash: mid-part, after some rows went out
                @Override
                public void row(List<Object> values) {
                    part.row(values);
                    if (part.rowsWritten() == 2 && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected crash in " + unit);
                    }
                }

                @Override
                public long rowsWritten() {
                    return part.rowsWritten();
                }

                @Override
                public long bytesWritten() {
                    return part.bytesWritten();
                }

                @Override
                public PartInfo finish() {
                    return part.finish();
                }

                @Override
                public void abort() {
                    part.abort();
                }
            };
        }

        @Override
        public ExportPlan writePlan(ExportPlan plan) {
            return repository.writePlan(plan);
        }

        @Override
        public Optional<ExportPlan> plan(String backupId) {
            return repository.plan(backupId);
        }

        @Override
        public void writeUnitDone(String backupId, UnitDone done) {
            repository.writeUnitDone(backupId, done);
        }

        @Override
        public List<UnitDone> unitsDone(String backupId) {
            return repository.unitsDone(backupId);
        }

        @Override
        public void writeManifest(Manifest manifest) {
            repository.writeManifest(manifest);
        }

        @Override
        public Optional<Manifest> manifest(String backupId) {
            return repository.manifest(backupId);
        }

        @Override
        public List<Manifest> list() {
            return repository.list();
        }

        @Override
        public VerifiedPart verify(PartInfo part, TableSpec table) {
            return repository.verify(part, table);
        }
    }

    private Map<String, List<ObjectVersion>> versions(String backupId) {
        Map<String, List<ObjectVersion>> versions = new TreeMap<>();
        s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix("backups/" + backupId + "/"))
                .versions()
                .forEach(v -> versions.computeIfAbsent(v.key(), k -> new ArrayList<>())
                        .add(v));
        return versions;
    }

    /** A manifest without what differs between two backups of the same data (ids, times). */
    private static ObjectNode content(Manifest manifest) {
        String json = new String(
                        tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(manifest),
                        java.nio.charset.StandardCharsets.UTF_8)
                .replace(manifest.backupId(), "ID");
        ObjectNode node = (ObjectNode)
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
        node.remove("createdAt");
        node.remove("readTimestamp");
        return node;
    }

    @Test
    void aCrashInOnePartThenAResumeRewritesNoFinishedPartAndGivesTheSameManifest() {
        FailingOnce failing = new FailingOnce("players-00002");
        String target = FunctionsTestContext.newDatabase();
        BackupService backups = service(source, failing, target);
        assertThatThrownBy(backups::create).hasMessageContaining("injected crash in players-00002");
        String backupId = failing.backupId;
        assertThat(repository.manifest(backupId)).as("no manifest: incomplete").isEmpty();
        assertThat(repository.list()).noneMatch(m -> m.backupId().equals(backupId));
        List<UnitDone> doneBefore = repository.unitsDone(backupId);
        assertThat(doneBefore).noneMatch(u -> u.unit().equals("players-00002"));
        assertThat(doneBefore).anyMatch(u -> u.unit().startsWith("players-"));
        Map<String, List<ObjectVersion>> before = versions(backupId);
        Map<String, Integer> openedBefore = new TreeMap<>();
        failing.opened.forEach((k, v) -> openedBefore.put(k, v.get()));

        Manifest resumed = backups.resume(backupId);

        // No finished part was written again: one version each, the same ETag, and never opened again.
        Map<String, List<ObjectVersion>> after = versions(backupId);
        for (UnitDone unit : doneBefore) {
            for (Manifest.TableEntry table : unit.tables()) {
                for (PartInfo part : table.parts()) {
                    assertThat(after.get(part.key())).as(part.key()).hasSize(1);
                    assertThat(after.get(part.key()).get(0).eTag())
                            .isEqualTo(before.get(part.key()).get(0).eTag());
                    java.util.regex.Matcher number = PART_NUMBER.matcher(part.key());
                    assertThat(number.find()).as(part.key()).isTrue();
                    String opened = unit.unit() + "/" + table.table().name() + "/" + Integer.parseInt(number.group(1));
                    assertThat(failing.opened.get(opened).get())
                            .as("opened " + opened)
                            .isEqualTo(1);
                }
                assertThat(resumed.tables().stream()
                                .filter(t ->
                                        t.table().name().equals(table.table().name()))
                                .findFirst()
                                .orElseThrow()
                                .parts())
                        .containsAll(table.parts());
            }
        }
        assertThat(failing.opened.keySet().stream().filter(k -> k.startsWith("players-00002/")))
                .isNotEmpty();
        // Resuming a complete backup answers its manifest.
        assertThat(backups.resume(backupId)).isEqualTo(resumed);

        // The same content as a backup of the same data that never crashed (part checksums included).
        Manifest clean = service(source, repository, target).create();
        assertThat(content(resumed)).isEqualTo(content(clean));
        BackupService.Restored restored = backups.restore(backupId, false);
        assertThat(restored.auditMatches()).isTrue();
        assertThat(restored.audit()).isEqualTo(auditNow(source));
    }

    @Test
    void aFormatOneManifestStillRestoresAndAnUnknownFormatIsRefusedBeforeAnything() throws Exception {
        String target = FunctionsTestContext.newDatabase();
        BackupService backups = service(source, repository, target);
        Manifest v2 = backups.create();
        // Format 1 had the same tables, parts and audit, and no units.
        Manifest v1 = new Manifest(
                "bluemarble-backup/1",
                v2.backupId().substring(0, 17) + "0000beef",
                v2.createdAt(),
                v2.readTimestamp(),
                v2.tables(),
                v2.economyAudit(),
                v2.notIncluded(),
                null);
        ObjectNode json = (ObjectNode)
                tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(v1);
        json.remove("units");
        s3.putObject(
                r -> r.bucket(bucket).key("backups/" + v1.backupId() + "/manifest.json"),
                RequestBody.fromString(json.toString()));
        BackupService.Restored restored = backups.restore(v1.backupId(), false);
        assertThat(restored.auditMatches()).isTrue();
        assertThat(restored.manifest().units()).isNull();

        String future = v2.backupId().substring(0, 17) + "0000f00d";
        json.put("format", "bluemarble-backup/9");
        s3.putObject(
                r -> r.bucket(bucket).key("backups/" + future + "/manifest.json"),
                RequestBody.fromString(json.toString()));
        assertThatThrownBy(() -> backups.restore(future, true))
                .isInstanceOf(BackupCorruptException.class)
                .hasMessageContaining("bluemarble-backup/9")
                .hasMessageContaining("bluemarble-backup/1");
        assertThat(auditNow(FunctionsTestContext.economyTables(spanner, target)))
                .as("nothing written by the refused restore")
                .isEqualTo(restored.audit());

        assertThatThrownBy(() -> backups.resume("20260101T000000Z-0a1b2c3d"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_BACKUP));
    }
}
