package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.config.GameConfigConfiguration;
import com.bluemarble.functions.app.config.GameConfigProperties;
import com.bluemarble.functions.app.economy.EconomyConfiguration;
import com.bluemarble.functions.app.economy.EconomyProperties;
import com.bluemarble.functions.app.economy.SpannerProperties;
import com.bluemarble.functions.app.leaderboard.LeaderboardConfiguration;
import com.bluemarble.functions.app.leaderboard.LeaderboardProperties;
import com.bluemarble.functions.app.privacy.PrivacyFunctions;
import com.bluemarble.functions.app.snapshot.SnapshotConfiguration;
import com.bluemarble.functions.app.snapshot.SnapshotProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The privacy package (docs/data-rights.md): every bean of {@code app.privacy} (the erasure and export
 * functions, their steps and status, the driver, the exports bucket), plus the wiring (not the
 * functions) of every store a player's data lives in: Spanner, the snapshot table and blobs, the
 * leaderboards. Like backups it needs every store, so it is its own family.
 */
@FunctionPackage
@ComponentScan(basePackageClasses = PrivacyFunctions.class)
@ConfigurationPropertiesScan(basePackageClasses = PrivacyFunctions.class)
@Import({
    EconomyConfiguration.class,
    GameConfigConfiguration.class,
    SnapshotConfiguration.class,
    LeaderboardConfiguration.class
})
@EnableConfigurationProperties({
    SpannerProperties.class,
    EconomyProperties.class,
    GameConfigProperties.class,
    SnapshotProperties.class,
    LeaderboardProperties.class
})
public class PrivacyPackage {}
