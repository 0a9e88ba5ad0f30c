package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.backup.BackupConfiguration;
import com.bluemarble.functions.app.economy.EconomyConfiguration;
import com.bluemarble.functions.app.economy.EconomyProperties;
import com.bluemarble.functions.app.economy.SpannerProperties;
import com.bluemarble.functions.app.leaderboard.LeaderboardConfiguration;
import com.bluemarble.functions.app.leaderboard.LeaderboardProperties;
import com.bluemarble.functions.app.snapshot.SnapshotConfiguration;
import com.bluemarble.functions.app.snapshot.SnapshotProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The backups package: every bean of {@code app.backup}, plus the wiring (not the functions) of the
 * stores a backup reads: the Spanner client, the snapshot table and blobs, the leaderboards. It is
 * its own family because it needs every store: with storage, the terrain functions would carry
 * Spanner and Redis (see docs/packaging.md).
 */
@FunctionPackage
@ComponentScan(basePackageClasses = BackupConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = BackupConfiguration.class)
@Import({EconomyConfiguration.class, SnapshotConfiguration.class, LeaderboardConfiguration.class})
@EnableConfigurationProperties({
    SpannerProperties.class,
    EconomyProperties.class,
    SnapshotProperties.class,
    LeaderboardProperties.class
})
public class BackupsPackage {}
