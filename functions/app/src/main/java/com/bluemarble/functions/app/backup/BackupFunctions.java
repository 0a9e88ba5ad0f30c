package com.bluemarble.functions.app.backup;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.core.backup.AuditSummary;
import com.bluemarble.functions.core.backup.BackupRepository;
import com.bluemarble.functions.core.backup.BackupService;
import com.bluemarble.functions.core.backup.Manifest;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** {@code backupCreate}, {@code backupRestore}, {@code backupList}: backups of the economy and player snapshots in S3. */
@Configuration(proxyBeanMethods = false)
public class BackupFunctions {

    private static final Logger log = LoggerFactory.getLogger(BackupFunctions.class);
    private static final int MAX_REQUEST_BYTES = 4 * 1024;

    /** @param backupId absent: a new backup; present: resume that backup (an unfinished one continues, a complete one answers its manifest) */
    record Create(String backupId) {}

    record Restore(String backupId, Boolean force) {}

    record ListBackups() {}

    record Listed(String backupId, String createdAt, Manifest manifest) {}

    record ListAnswer(List<Listed> backups) {}

    record RestoreAnswer(
            String backupId,
            String readTimestamp,
            long restoredRows,
            boolean auditMatchesManifest,
            AuditSummary audit,
            AuditSummary manifestAudit,
            List<DatasetAnswer> restoredDatasets,
            List<String> notRestored,
            long erasuresReapplied) {}

    record DatasetAnswer(
            String dataset,
            String target,
            long manifestRows,
            long written,
            long keptNewer,
            long rowsAfter,
            boolean matchesManifest) {
        static DatasetAnswer of(BackupService.DatasetRestored d) {
            return new DatasetAnswer(
                    d.dataset(),
                    d.target(),
                    d.manifestRows(),
                    d.written(),
                    d.keptNewer(),
                    d.rowsAfter(),
                    d.matchesManifest());
        }
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> backupCreate(BackupService backups) {
        return JsonFunctions.endpoint("backupCreate", Create.class, MAX_REQUEST_BYTES, request -> {
            Manifest manifest = request.backupId() == null ? backups.create() : backups.resume(request.backupId());
            log.info(
                    "backup {} written: {} rows at read timestamp {}",
                    manifest.backupId(),
                    manifest.totalRows(),
                    manifest.readTimestamp());
            return Reply.ok(new Listed(manifest.backupId(), manifest.createdAt().toString(), manifest));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> backupList(BackupRepository backups) {
        // The repository, not BackupService: listing must not build a Spanner client (that Lambda has no GCP
        // credentials).
        return JsonFunctions.endpoint(
                "backupList",
                ListBackups.class,
                MAX_REQUEST_BYTES,
                request -> Reply.ok(new ListAnswer(backups.list().stream()
                        .map(m -> new Listed(m.backupId(), m.createdAt().toString(), m))
                        .toList())));
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> backupRestore(BackupService backups) {
        return JsonFunctions.endpoint("backupRestore", Restore.class, MAX_REQUEST_BYTES, request -> {
            BackupService.Restored restored = backups.restore(request.backupId(), Boolean.TRUE.equals(request.force()));
            RestoreAnswer answer = new RestoreAnswer(
                    restored.manifest().backupId(),
                    restored.manifest().readTimestamp().toString(),
                    restored.rows(),
                    restored.auditMatches(),
                    restored.audit(),
                    restored.manifest().economyAudit(),
                    restored.datasets().stream().map(DatasetAnswer::of).toList(),
                    restored.notRestored(),
                    restored.erasedPlayers());
            if (!restored.auditMatches()) {
                log.error(
                        "restore of {}: the audit after restore differs from the backup's: {} vs {}",
                        answer.backupId(),
                        answer.audit(),
                        answer.manifestAudit());
                throw new DomainException(
                        ErrorCode.RESTORE_AUDIT_MISMATCH,
                        "the restored database's audit differs from the audit recorded at backup time; do not use it",
                        Map.of("restore", answer));
            }
            if (!restored.audit().ok()) {
                log.error(
                        "restore of {}: the audit after re-applying the erasures fails: {}",
                        answer.backupId(),
                        answer.audit());
                throw new DomainException(
                        ErrorCode.RESTORE_AUDIT_MISMATCH,
                        "the restored database's audit fails after the recorded erasures were re-applied; do not use it",
                        Map.of("restore", answer));
            }
            if (!restored.matchesManifest()) {
                log.error(
                        "restore of {}: restored data sets differ from the manifest's counts: {}",
                        answer.backupId(),
                        answer.restoredDatasets());
                throw new DomainException(
                        ErrorCode.RESTORE_COUNT_MISMATCH,
                        "a restored data set's row counts differ from the manifest's; see restore.restoredDatasets",
                        Map.of("restore", answer));
            }
            return Reply.ok(answer);
        });
    }
}
