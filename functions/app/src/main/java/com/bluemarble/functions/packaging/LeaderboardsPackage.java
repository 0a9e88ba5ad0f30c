package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.leaderboard.LeaderboardConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/** The leaderboards package (Redis, and S3 for the season archive): every bean of {@code app.leaderboard}. */
@FunctionPackage
@ComponentScan(basePackageClasses = LeaderboardConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = LeaderboardConfiguration.class)
public class LeaderboardsPackage {}
