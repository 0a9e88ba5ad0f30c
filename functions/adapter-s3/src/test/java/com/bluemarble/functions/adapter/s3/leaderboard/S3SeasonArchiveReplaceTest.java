package com.bluemarble.functions.adapter.s3.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.s3.support.S3Versions;
import com.bluemarble.functions.core.leaderboard.ArchiveReceipt;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.Season;
import com.bluemarble.functions.core.leaderboard.SeasonArchiveFile;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing and replacing season archives in the versioned backups bucket (moto): old versions go. */
class S3SeasonArchiveReplaceTest {

    private static S3Client s3;
    private static String bucket;
    private static S3SeasonArchive archive;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        bucket = aws.provision("lbr" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-backups"); // versioned, as in resources.json
        s3 = AwsEmulator.clientsAt(aws.endpoint()).configure(S3Client.builder()).build();
        archive = new S3SeasonArchive(s3, bucket, "leaderboards/");
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static SeasonSnapshot season(String board, Season season, String region, String... players) {
        Region r = Region.of(region);
        List<LeaderboardEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < players.length; i++) {
            entries.add(new LeaderboardEntry(
                    PlayerId.of(players[i]), r, 100 - i, Instant.ofEpochMilli(1_795_000_000_000L + i)));
        }
        return new SeasonSnapshot(BoardName.of(board), season, r, entries);
    }

    @Test
    void listsEveryArchivedShardAndIgnoresOtherObjects() {
        Season w47 = ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-18T00:00:00Z"));
        archive.write(season("list-a", w47, "eu-west-1", "ana"));
        archive.write(season("list-a", w47, "us-east-1", "ben"));
        archive.write(season("list-b", Season.FOREVER, "eu-west-1", "cy"));
        s3.putObject(r -> r.bucket(bucket).key("leaderboards/README.txt"), RequestBody.fromString("not an archive"));
        s3.putObject(r -> r.bucket(bucket).key("leaderboards/list-a/x/y/z.tsv.gz"), RequestBody.fromString("deep"));

        assertThat(archive.archived())
                .filteredOn(s -> s.board().value().startsWith("list-"))
                .containsExactlyInAnyOrder(
                        new SeasonShard(BoardName.of("list-a"), "2026-W47", Region.of("eu-west-1")),
                        new SeasonShard(BoardName.of("list-a"), "2026-W47", Region.of("us-east-1")),
                        new SeasonShard(BoardName.of("list-b"), Season.FOREVER.id(), Region.of("eu-west-1")));
    }

    @Test
    void replacingLeavesOneVerifiableVersionAndReplacingAgainWithTheSameSeasonStillLeavesOne() {
        Season w46 = ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-11T00:00:00Z"));
        SeasonSnapshot full = season("replace", w46, "eu-west-1", "ana", "eve", "ben");
        archive.write(full);
        archive.write(full); // a retried archive run: a second, identical version
        String key = archive.key(full.shard());
        assertThat(S3Versions.list(s3, bucket, key)).hasSize(2);

        SeasonSnapshot withoutEve = season("replace", w46, "eu-west-1", "ana", "ben");
        withoutEve = new SeasonSnapshot(
                full.board(),
                full.season(),
                full.region(),
                full.entries().stream()
                        .filter(e -> !e.playerId().value().equals("eve"))
                        .toList());
        ArchiveReceipt receipt = archive.replace(withoutEve);

        assertThat(S3Versions.list(s3, bucket, key))
                .singleElement()
                .satisfies(v -> assertThat(v.latest()).isTrue());
        byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        assertThat(SeasonArchiveFile.sha256(stored)).isEqualTo(receipt.sha256());
        assertThat(receipt.entries()).isEqualTo(2);
        assertThat(archive.read(full.shard())).contains(withoutEve); // the checksum verifies

        archive.replace(withoutEve);
        assertThat(S3Versions.list(s3, bucket, key)).hasSize(1);
        assertThat(archive.read(full.shard())).contains(withoutEve);
    }
}
