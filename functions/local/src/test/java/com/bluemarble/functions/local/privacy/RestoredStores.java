package com.bluemarble.functions.local.privacy;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.app.snapshot.SnapshotConfiguration;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.DatabaseId;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.Statement;
import java.util.Optional;
import org.springframework.context.ApplicationContext;

/** Reads what backupRestore wrote: the restore database and the restore snapshot table of the local stack. */
record RestoredStores(DatabaseClient database, DynamoDbSnapshotTable snapshots) {

    static RestoredStores of(ApplicationContext context) {
        var env = context.getEnvironment();
        DatabaseClient database = context.getBean(Spanner.class)
                .getDatabaseClient(DatabaseId.of(
                        env.getProperty("bluemarble.spanner.project-id"),
                        env.getProperty("bluemarble.spanner.instance-id"),
                        env.getProperty("bluemarble.backups.restore-database-id")));
        DynamoDbSnapshotTable snapshots = new DynamoDbSnapshotTable(
                context.getBean(SnapshotConfiguration.SnapshotClients.class).dynamo(),
                env.getProperty("bluemarble.backups.restore-snapshot-table"));
        return new RestoredStores(database, snapshots);
    }

    /** Balances, stacks and instances the restored database holds for the player. */
    long economyRows(String player) {
        long rows = 0;
        for (String table : new String[] {"CurrencyBalances", "ItemStacks", "ItemInstances"}) {
            try (ResultSet result = database.singleUse()
                    .executeQuery(Statement.newBuilder("SELECT COUNT(*) FROM " + table + " WHERE PlayerId = @p")
                            .bind("p")
                            .to(player)
                            .build())) {
                result.next();
                rows += result.getLong(0);
            }
        }
        return rows;
    }

    Optional<StoredSnapshot> snapshot(String player) {
        return snapshots.find(PlayerId.of(player));
    }
}
