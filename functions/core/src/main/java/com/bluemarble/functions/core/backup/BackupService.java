package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.concurrent.BoundedPool;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.privacy.ErasureReplay;
import com.bluemarble.functions.core.telemetry.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Backups of the economy (and of the data sets whose exporters are plugged in): create, resume, list, restore.
 * <p>
 * Create (docs/audit.md, "Partitioned backups"): a plan is stored first (one Spanner read timestamp,
 * the units: the partitioned audit's ranges of players, then the tables outside the Players tree);
 * then the units are exported in parallel by a bounded pool, each in one read-only transaction at
 * that timestamp, into its own gzip NDJSON parts, and recorded done (its parts' checksums and its
 * audit partial) once they are stored; each plugged-in data set (snapshots, leaderboards) is a unit
 * too, copied as it is read. The manifest (read timestamp, tables, row counts, SHA-256 per part,
 * the audit combined from the units' partials) is written last. Resume redoes only the units not
 * recorded done (or whose parts no longer verify).
 * Restore: refuses a non-empty target (the economy database, and each restored data set's target)
 * unless forced, verifies every part's checksum, size and row count (and that every row decodes)
 * before writing anything, inserts the economy parents before children, then the other restored
 * data sets, then audits the target and compares the audit and each data set's counts with the manifest,
 * and last re-applies every recorded erasure (docs/data-rights.md), reporting the audit after it.
 */
public final class BackupService {

    public static final String ECONOMY = "economy";
    private static final Pattern BACKUP_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final int INSERT_BATCH_ROWS = 500;

    private final EconomyExporter economy;
    private final List<DatasetExporter> datasets;
    private final Map<String, DatasetRestorer> restorers;
    private final Map<String, String> notIncluded;
    private final BackupRepository repository;
    private final Supplier<RestoreTarget> restoreTarget;
    private final Clock clock;
    private final long maxRowsPerPart;
    private final long maxBytesPerPart;
    private final ErasureReplay erasures;
    private final AuditPlan.Sizing sizing;
    private final int parallelism;

    /**
     * @param restorers the data sets besides the economy that a restore writes back (the others are only verified)
     * @param notIncluded data sets this deployment cannot back up yet, with the reason (recorded in each manifest)
     * @param restoreTarget opened only by a restore
     * @param sizing how the economy's players are split into units (the partitioned audit's planning)
     * @param parallelism units exported at once (a bounded pool)
     */
    public BackupService(
            EconomyExporter economy,
            List<DatasetExporter> datasets,
            List<DatasetRestorer> restorers,
            Map<String, String> notIncluded,
            BackupRepository repository,
            Supplier<RestoreTarget> restoreTarget,
            Clock clock,
            long maxRowsPerPart,
            long maxBytesPerPart,
            AuditPlan.Sizing sizing,
            int parallelism) {
        this(
                economy,
                datasets,
                restorers,
                notIncluded,
                repository,
                restoreTarget,
                clock,
                maxRowsPerPart,
                maxBytesPerPart,
                sizing,
                parallelism,
                ErasureReplay.NONE);
    }

    /** @param erasures re-applied by every restore after it wrote (docs/data-rights.md) */
    public BackupService(
            EconomyExporter economy,
            List<DatasetExporter> datasets,
            List<DatasetRestorer> restorers,
            Map<String, String> notIncluded,
            BackupRepository repository,
            Supplier<RestoreTarget> restoreTarget,
            Clock clock,
            long maxRowsPerPart,
            long maxBytesPerPart,
            AuditPlan.Sizing sizing,
            int parallelism,
            ErasureReplay erasures) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.sizing = sizing;
        this.parallelism = parallelism;
        this.economy = economy;
        this.datasets = List.copyOf(datasets);
        Map<String, DatasetRestorer> byDataset = new LinkedHashMap<>();
        for (DatasetRestorer restorer : restorers) {
            if (ECONOMY.equals(restorer.dataset()) || byDataset.put(restorer.dataset(), restorer) != null) {
                throw new IllegalArgumentException(
                        "one restorer per data set besides the economy: " + restorer.dataset());
            }
        }
        this.restorers = byDataset;
        this.notIncluded = Map.copyOf(notIncluded);
        this.repository = repository;
        this.restoreTarget = restoreTarget;
        this.clock = clock;
        this.maxRowsPerPart = maxRowsPerPart;
        this.maxBytesPerPart = maxBytesPerPart;
        this.erasures = erasures;
    }

    /**
     * @param rows economy rows restored
     * @param datasets what each restored data set besides the economy wrote, compared with the manifest
     * @param notRestored data sets the backup holds (verified) that this restore does not write, e.g. leaderboards
     * @param audit the audit after the recorded erasures were re-applied (they burn what erased players held)
     * @param auditMatches the audit as restored, before the erasures were re-applied, equals the manifest's
     * @param erasedPlayers players whose recorded erasure was re-applied
     */
    public record Restored(
            Manifest manifest,
            long rows,
            AuditSummary audit,
            boolean auditMatches,
            List<DatasetRestored> datasets,
            List<String> notRestored,
            long erasedPlayers) {

        /** The audit equals the manifest's and every restored data set's counts agree with the manifest. */
        public boolean matchesManifest() {
            return auditMatches && datasets.stream().allMatch(DatasetRestored::matchesManifest);
        }
    }

    /**
     * @param manifestRows rows the manifest records for the data set
     * @param written rows written
     * @param keptNewer rows not written because the target already held the same or a newer version (forced restore)
     * @param rowsAfter rows the target holds after the restore
     */
    public record DatasetRestored(
            String dataset, String target, long manifestRows, long written, long keptNewer, long rowsAfter) {

        /** Every backed-up row was written or superseded, and the target holds at least that many rows. */
        public boolean matchesManifest() {
            return written + keptNewer == manifestRows && rowsAfter >= manifestRows;
        }
    }

    /** Starts a new backup and runs it to its manifest. */
    public Manifest create() {
        Instant now = clock.instant();
        String backupId =
                ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        // The plan (and its one read timestamp) is stored before any part: the durable start of the backup.
        ExportPlan plan = repository.writePlan(economy.plan(backupId, now, sizing));
        return run(plan);
    }

    /**
     * Continues a backup that stopped before its manifest (a crash, a timeout): its units recorded
     * done whose parts still verify are kept as they are (never rewritten), the others are exported
     * again at the plan's read timestamp. A complete backup answers its manifest.
     *
     * @throws DomainException UNKNOWN_BACKUP when no backup was started with this id
     */
    public Manifest resume(String backupId) {
        checkId(backupId);
        Optional<Manifest> complete = repository.manifest(backupId);
        if (complete.isPresent()) {
            return complete.get();
        }
        ExportPlan plan = repository
                .plan(backupId)
                .orElseThrow(
                        () -> new DomainException(ErrorCode.UNKNOWN_BACKUP, "no backup was started as " + backupId));
        return run(plan);
    }

    private static final String DATASET_UNIT = "dataset-";

    private static void checkId(String backupId) {
        if (backupId == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "backupId is required");
        }
        if (!BACKUP_ID.matcher(backupId).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_ID,
                    "backupId looks like 20260101T000000Z-0a1b2c3d (as backupCreate returned it)");
        }
    }

    private Manifest run(ExportPlan plan) {
        Map<String, UnitDone> done = new LinkedHashMap<>();
        for (UnitDone unit : repository.unitsDone(plan.backupId())) {
            if (stillStored(unit)) {
                done.put(unit.unit(), unit);
            }
        }
        List<Callable<UnitDone>> pending = new ArrayList<>();
        for (ExportUnit unit : plan.units()) {
            if (!done.containsKey(unit.name())) {
                pending.add(() -> {
                    List<Manifest.TableEntry> tables = new ArrayList<>();
                    AuditPartial partial = economy.export(
                            plan.readTimestamp(),
                            unit,
                            table -> new PartRoller(plan.backupId(), ECONOMY, unit.name(), table, tables));
                    return new UnitDone(unit.name(), tables, partial.encode());
                });
            }
        }
        for (DatasetExporter dataset : datasets) {
            if (!done.containsKey(DATASET_UNIT + dataset.dataset())) {
                pending.add(() -> {
                    List<Manifest.TableEntry> tables = new ArrayList<>();
                    dataset.export(table -> new PartRoller(plan.backupId(), dataset.dataset(), null, table, tables));
                    return new UnitDone(DATASET_UNIT + dataset.dataset(), tables, "");
                });
            }
        }
        for (UnitDone unit : runAll(plan.backupId(), pending)) {
            done.put(unit.unit(), unit);
        }

        // The manifest from the done records alone, in plan order: the same content however often it resumed.
        List<Manifest.TableEntry> tables = new ArrayList<>();
        AuditPartial audit = AuditPartial.EMPTY;
        for (TableSpec table : plan.tables()) {
            List<PartInfo> parts = new ArrayList<>();
            long rows = 0;
            for (ExportUnit unit : plan.units()) {
                for (Manifest.TableEntry entry : done.get(unit.name()).tables()) {
                    if (entry.table().name().equals(table.name())) {
                        parts.addAll(entry.parts());
                        rows += entry.rows();
                    }
                }
            }
            tables.add(new Manifest.TableEntry(ECONOMY, table, rows, List.copyOf(parts)));
        }
        for (ExportUnit unit : plan.units()) {
            audit = audit.plus(AuditPartial.decode(done.get(unit.name()).auditPartial()));
        }
        for (DatasetExporter dataset : datasets) {
            tables.addAll(done.get(DATASET_UNIT + dataset.dataset()).tables());
        }
        Manifest manifest = new Manifest(
                Manifest.FORMAT,
                plan.backupId(),
                plan.createdAt(),
                plan.readTimestamp(),
                tables,
                AuditSummary.of(AuditReport.of(audit.toSnapshot(plan.readTimestamp()))),
                new LinkedHashMap<>(notIncluded),
                plan.units().stream()
                        .map(unit -> new Manifest.Unit(unit.name(), unit.players()))
                        .toList());
        repository.writeManifest(manifest);
        return manifest;
    }

    /** A done unit counts only if every part it lists is still stored as recorded (checksum, size, rows). */
    private boolean stillStored(UnitDone unit) {
        try {
            for (Manifest.TableEntry entry : unit.tables()) {
                for (PartInfo part : entry.parts()) {
                    repository.verify(part, entry.table());
                }
            }
            return true;
        } catch (BackupCorruptException e) {
            return false; // exported again
        }
    }

    /**
     * Runs the units on a pool of at most {@code parallelism} threads; each records itself done as it
     * finishes, so a failure loses only the units still running. The first failure is rethrown after
     * the others end.
     */
    private List<UnitDone> runAll(String backupId, List<Callable<UnitDone>> units) {
        List<Callable<UnitDone>> recorded = new ArrayList<>();
        for (Callable<UnitDone> unit : units) {
            recorded.add(CallContext.propagate(() -> {
                UnitDone done = unit.call();
                repository.writeUnitDone(backupId, done);
                return done;
            }));
        }
        return BoundedPool.runAll("backup-unit", parallelism, recorded, "backing up " + backupId);
    }

    /** Writes one table's rows (of one unit) into as many parts as the limits require. */
    private final class PartRoller implements EconomyExporter.TableWriter {
        private final String backupId;
        private final String dataset;
        private final String unit;
        private final TableSpec table;
        private final List<Manifest.TableEntry> tables;
        private final List<PartInfo> parts = new ArrayList<>();
        private BackupRepository.PartWriter current;
        private long rows;

        /** @param unit null for a data set's table (keys without a unit) */
        PartRoller(String backupId, String dataset, String unit, TableSpec table, List<Manifest.TableEntry> tables) {
            this.backupId = backupId;
            this.dataset = dataset;
            this.unit = unit;
            this.table = table;
            this.tables = tables;
        }

        @Override
        public void row(List<Object> values) {
            if (values.size() != table.columns().size()) {
                throw new IllegalArgumentException(
                        table.name() + " has " + table.columns().size() + " columns, got " + values.size());
            }
            if (current == null) {
                current = unit == null
                        ? repository.openPart(backupId, dataset, table, parts.size() + 1)
                        : repository.openPart(backupId, dataset, table, unit, parts.size() + 1);
            }
            try {
                current.row(values);
            } catch (RuntimeException e) {
                current.abort();
                current = null;
                throw e;
            }
            rows++;
            if (current.rowsWritten() >= maxRowsPerPart || current.bytesWritten() >= maxBytesPerPart) {
                parts.add(current.finish());
                current = null;
            }
        }

        @Override
        public void close() {
            if (current != null) {
                parts.add(current.finish());
                current = null;
            }
            tables.add(new Manifest.TableEntry(dataset, table, rows, List.copyOf(parts)));
        }
    }

    public List<Manifest> list() {
        return repository.list();
    }

    public Restored restore(String backupId, boolean force) {
        checkId(backupId);
        Manifest manifest = repository
                .manifest(backupId)
                .orElseThrow(
                        () -> new DomainException(ErrorCode.UNKNOWN_BACKUP, "there is no complete backup " + backupId));
        if (!Manifest.RESTORABLE_FORMATS.contains(manifest.format())) {
            throw new BackupCorruptException("backup " + backupId + " has format " + manifest.format()
                    + "; this version restores " + new java.util.TreeSet<>(Manifest.RESTORABLE_FORMATS));
        }
        RestoreTarget target = restoreTarget.get();
        Map<String, TableSpec> targetTables = new LinkedHashMap<>();
        target.tables().forEach(t -> targetTables.put(t.name(), t));

        // 1. Check everything before writing anything.
        List<Manifest.TableEntry> economyTables = manifest.tables().stream()
                .filter(t -> ECONOMY.equals(t.dataset()))
                .toList();
        for (Manifest.TableEntry entry : economyTables) {
            TableSpec expected = targetTables.get(entry.table().name());
            if (!entry.table().equals(expected)) {
                throw new DomainException(
                        ErrorCode.SCHEMA_MISMATCH,
                        "table " + entry.table().name()
                                + " differs between the backup and the target database; restore into a database with the backup's schema");
            }
        }
        Map<DatasetRestorer, List<Manifest.TableEntry>> otherTables = new LinkedHashMap<>();
        for (Manifest.TableEntry entry : manifest.tables()) {
            DatasetRestorer restorer = restorers.get(entry.dataset());
            if (restorer == null) {
                continue;
            }
            if (!restorer.tables().contains(entry.table())) {
                throw new DomainException(
                        ErrorCode.SCHEMA_MISMATCH,
                        "table " + entry.table().name() + " of data set " + entry.dataset()
                                + " has columns this version does not restore");
            }
            otherTables.computeIfAbsent(restorer, r -> new ArrayList<>()).add(entry);
        }
        long existing = target.rowCount();
        if (existing > 0 && !force) {
            throw new DomainException(
                    ErrorCode.TARGET_NOT_EMPTY,
                    "the target database holds " + existing
                            + " rows; restore into an empty database, or send \"force\": true to replace its contents");
        }
        for (DatasetRestorer restorer : otherTables.keySet()) {
            if (!force && !restorer.targetIsEmpty()) {
                throw new DomainException(
                        ErrorCode.TARGET_NOT_EMPTY,
                        "the " + restorer.dataset() + " target " + restorer.target()
                                + " is not empty; restore into an empty one, or send \"force\": true to write over it (versions it"
                                + " holds that are newer than the backup's are kept)");
            }
        }
        Map<Manifest.TableEntry, List<BackupRepository.VerifiedPart>> verified = new LinkedHashMap<>();
        for (Manifest.TableEntry entry : manifest.tables()) { // every part, also of data sets not restored here
            long partRows = entry.parts().stream().mapToLong(PartInfo::rows).sum();
            if (partRows != entry.rows()) {
                throw new BackupCorruptException("table " + entry.table().name() + ": the manifest counts "
                        + entry.rows() + " rows but its parts hold " + partRows);
            }
            List<BackupRepository.VerifiedPart> parts = new ArrayList<>();
            for (PartInfo part : entry.parts()) {
                parts.add(repository.verify(part, entry.table()));
            }
            verified.put(entry, parts);
        }

        // 2. Write.
        if (existing > 0) {
            target.deleteAll();
        }
        long restored = 0;
        for (var table : verified.entrySet()) {
            if (!ECONOMY.equals(table.getKey().dataset())) {
                continue;
            }
            TableSpec spec = table.getKey().table();
            List<List<Object>> batch = new ArrayList<>(INSERT_BATCH_ROWS);
            for (BackupRepository.VerifiedPart part : table.getValue()) {
                part.read(values -> {
                    batch.add(values);
                    if (batch.size() == INSERT_BATCH_ROWS) {
                        target.insert(spec, List.copyOf(batch));
                        batch.clear();
                    }
                });
            }
            if (!batch.isEmpty()) {
                target.insert(spec, List.copyOf(batch));
            }
            restored += table.getKey().rows();
        }
        List<DatasetRestored> datasetsRestored = new ArrayList<>();
        for (var dataset : otherTables.entrySet()) {
            DatasetRestorer restorer = dataset.getKey();
            long manifestRows = 0;
            long[] written = {0, 0}; // written, kept newer
            for (Manifest.TableEntry entry : dataset.getValue()) {
                manifestRows += entry.rows();
                for (BackupRepository.VerifiedPart part : verified.get(entry)) {
                    part.read(values -> written[restorer.write(entry.table(), values) ? 0 : 1]++);
                }
            }
            datasetsRestored.add(new DatasetRestored(
                    restorer.dataset(), restorer.target(), manifestRows, written[0], written[1], restorer.countRows()));
        }
        AuditSummary restoredAudit = AuditSummary.of(AuditReport.of(target.audit()));
        // 3. Keep erased players erased: the erasure log is in no backup; re-apply every erasure it holds.
        long erasedPlayers = erasures.reapply();
        AuditSummary after = erasedPlayers == 0 ? restoredAudit : AuditSummary.of(AuditReport.of(target.audit()));
        List<String> notRestored = manifest.tables().stream()
                .map(Manifest.TableEntry::dataset)
                .filter(dataset -> !ECONOMY.equals(dataset) && !restorers.containsKey(dataset))
                .distinct()
                .toList();
        return new Restored(
                manifest,
                restored,
                after,
                restoredAudit.equals(manifest.economyAudit()),
                datasetsRestored,
                notRestored,
                erasedPlayers);
    }

    public Optional<Manifest> manifest(String backupId) {
        return repository.manifest(backupId);
    }
}
