package com.bluemarble.functions.app.backup;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotErasures;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.redis.RedisLeaderboardStore;
import com.bluemarble.functions.adapter.s3.backup.S3BackupRepository;
import com.bluemarble.functions.adapter.s3.snapshot.S3StateBlobStore;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyStore;
import com.bluemarble.functions.adapter.spanner.SpannerErasureLog;
import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import com.bluemarble.functions.app.economy.EconomyProperties;
import com.bluemarble.functions.app.economy.SpannerProperties;
import com.bluemarble.functions.app.snapshot.SnapshotConfiguration;
import com.bluemarble.functions.app.snapshot.SnapshotProperties;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.backup.BackupRepository;
import com.bluemarble.functions.core.backup.BackupService;
import com.bluemarble.functions.core.backup.DatasetExporter;
import com.bluemarble.functions.core.backup.DatasetRestorer;
import com.bluemarble.functions.core.backup.LeaderboardSeasonsExporter;
import com.bluemarble.functions.core.backup.SnapshotsExporter;
import com.bluemarble.functions.core.backup.SnapshotsRestorer;
import com.bluemarble.functions.core.economy.EconomyDataRights;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardPlayerData;
import com.bluemarble.functions.core.privacy.ErasureLog;
import com.bluemarble.functions.core.privacy.ErasureReplay;
import com.bluemarble.functions.core.privacy.ErasureSaga;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import com.bluemarble.functions.core.snapshot.SnapshotPlayerData;
import com.google.cloud.spanner.DatabaseId;
import com.google.cloud.spanner.Spanner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backup wiring: the economy on Spanner, the player snapshots (the snapshot path's DynamoDB table and
 * state bucket; restored into {@code bluemarble.backups.restore-snapshot-table}), the leaderboards when
 * configured, the backups bucket (own S3 client, bean {@code backupsS3}).
 */
@Configuration(proxyBeanMethods = false)
public class BackupConfiguration {

    /**
     * Data sets the contract names that a backup does not hold, recorded in every manifest so nobody
     * mistakes a backup for more than it is. Others plug in as {@code DatasetExporter}s.
     */
    static final String NO_LEADERBOARDS = "no leaderboard endpoints are configured (bluemarble.leaderboard.endpoints)";

    @Bean(destroyMethod = "close")
    S3Client backupsS3(AwsClientConfigurer aws) {
        return aws.configure(S3Client.builder(), Duration.ofSeconds(60)).build();
    }

    /** The backups bucket alone: what backupList needs (no Spanner client, no GCP credentials, no VPC). */
    @Bean
    BackupRepository backupRepository(@Qualifier("backupsS3") S3Client s3, BackupProperties backups) {
        if (backups.bucket() == null || backups.bucket().isBlank()) {
            throw new IllegalStateException("bluemarble.backups.bucket (BLUEMARBLE_BACKUPS_BUCKET) is not set");
        }
        return new S3BackupRepository(s3, backups.bucket(), backups.uploadPartBytes(), backups.maxListed());
    }

    @Bean
    BackupService backupService(
            BackupRepository repository,
            BackupProperties backups,
            Spanner spanner,
            SpannerProperties spannerProperties,
            @Value("${bluemarble.leaderboard.endpoints:}") String leaderboardEndpoints,
            ObjectProvider<LeaderboardCatalog> leaderboardCatalog,
            ObjectProvider<RedisLeaderboardStore> leaderboardStore,
            SnapshotConfiguration.SnapshotClients snapshotClients,
            DynamoDbSnapshotTable snapshotTable,
            S3StateBlobStore snapshotBlobs,
            SnapshotProperties snapshotProperties,
            ObjectProvider<ErasureLog> erasureLog,
            EconomyProperties economyProperties,
            ObjectProvider<DynamoDbSnapshotErasures> snapshotErasures,
            ObjectProvider<LeaderboardPlayerData> leaderboardPlayerData) {
        List<DatasetExporter> exporters = new ArrayList<>();
        Map<String, String> notIncluded = new LinkedHashMap<>();
        // Player snapshots: copied as read (states from the blob store included), restored into their own target table.
        exporters.add(new SnapshotsExporter(snapshotTable, snapshotBlobs, backups.snapshotPageSize()));
        String restoreSnapshotTable = backups.restoreSnapshotTable() == null
                        || backups.restoreSnapshotTable().isBlank()
                ? snapshotProperties.tableName()
                : backups.restoreSnapshotTable();
        List<DatasetRestorer> restorers = List.of(new SnapshotsRestorer(
                new DynamoDbSnapshotTable(snapshotClients.dynamo(), restoreSnapshotTable),
                restoreSnapshotTable,
                snapshotBlobs,
                snapshotProperties.limits(),
                backups.snapshotPageSize()));
        if (leaderboardEndpoints == null || leaderboardEndpoints.isBlank()) {
            notIncluded.put("leaderboards", NO_LEADERBOARDS);
        } else {
            // Resolved when a backup runs, not at bean creation: no Redis connection in a SnapStart snapshot.
            exporters.add(new DatasetExporter() {
                @Override
                public String dataset() {
                    return "leaderboards";
                }

                @Override
                public void export(
                        java.util.function.Function<
                                        com.bluemarble.functions.core.backup.TableSpec,
                                        com.bluemarble.functions.core.backup.EconomyExporter.TableWriter>
                                sinks) {
                    new LeaderboardSeasonsExporter(
                                    leaderboardCatalog.getObject(), leaderboardStore.getObject(), Clock.systemUTC())
                            .export(sinks);
                }
            });
        }
        SpannerProperties p = spannerProperties;
        var source = new SpannerEconomyBackup(
                spanner.getDatabaseClient(DatabaseId.of(p.projectId(), p.instanceId(), p.databaseId())),
                settings(p, p.databaseId()),
                backups.timeout());
        String targetId = backups.restoreDatabaseId() == null
                        || backups.restoreDatabaseId().isBlank()
                ? p.databaseId()
                : backups.restoreDatabaseId();
        // Data rights: after writing, a restore erases again every player whose erasure is recorded, in the
        // stores it wrote (the restore database and snapshot table) and in the leaderboards it leaves as they are.
        ErasureReplay erasures = new ErasureReplay(
                erasureLog.getIfAvailable(),
                () -> {
                    boolean sameDatabase = targetId.equals(p.databaseId());
                    var target = spanner.getDatabaseClient(DatabaseId.of(p.projectId(), p.instanceId(), targetId));
                    List<PlayerDataStore> stores = new ArrayList<>();
                    stores.add(new EconomyDataRights(new EconomyService(
                            new SpannerEconomyStore(target, settings(p, targetId)), economyProperties.limits())));
                    stores.add(new SnapshotPlayerData(
                            new DynamoDbSnapshotTable(snapshotClients.dynamo(), restoreSnapshotTable),
                            snapshotBlobs,
                            snapshotErasures.getObject()));
                    if (leaderboardEndpoints != null && !leaderboardEndpoints.isBlank()) {
                        stores.add(leaderboardPlayerData.getObject()); // none configured: no leaderboards to erase
                    }
                    ErasureLog log = sameDatabase
                            ? erasureLog.getObject()
                            : new SpannerErasureLog(target, settings(p, targetId), ErasureSaga.STEPS);
                    return new ErasureReplay.Target(log, stores);
                },
                Clock.systemUTC());
        return new BackupService(
                source,
                exporters,
                restorers,
                notIncluded,
                repository,
                () -> new SpannerEconomyBackup(
                        spanner.getDatabaseClient(DatabaseId.of(p.projectId(), p.instanceId(), targetId)),
                        settings(p, targetId),
                        backups.timeout()),
                Clock.systemUTC(),
                backups.maxRowsPerPart(),
                backups.maxPartBytes(),
                new AuditPlan.Sizing(backups.playersPerPartition(), backups.maxPartitions()),
                backups.parallelUnits(),
                erasures);
    }

    private static SpannerSettings settings(SpannerProperties p, String databaseId) {
        return new SpannerSettings(
                p.projectId(), p.instanceId(), databaseId, p.emulatorHost(), p.transactionTimeout(), p.readTimeout());
    }
}
