package com.bluemarble.functions.adapter.s3.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.leaderboard.ArchiveReceipt;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.Scores;
import com.bluemarble.functions.core.leaderboard.SeasonArchiveFile;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Season archives on a real S3 API (LocalStack or moto, via the harness). */
class S3SeasonArchiveTest {

    private static S3Client s3;
    private static String bucket;
    private static S3SeasonArchive archive;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        AwsResources resources =
                aws.provision("lb" + UUID.randomUUID().toString().substring(0, 8));
        bucket = resources.bucket("bluemarble-backups");
        s3 = AwsEmulator.clientsAt(aws.endpoint()).configure(S3Client.builder()).build();
        archive = new S3SeasonArchive(s3, bucket, "leaderboards/");
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static SeasonSnapshot snapshot(int size) {
        Region region = Region.of("eu-west-1");
        List<LeaderboardEntry> entries = new ArrayList<>();
        entries.add(
                new LeaderboardEntry(PlayerId.of("top"), region, Scores.MAX, Instant.ofEpochMilli(1_795_000_000_000L)));
        for (int i = 1; i < size; i++) {
            entries.add(new LeaderboardEntry(
                    PlayerId.of("p" + i), region, size - i, Instant.ofEpochMilli(1_795_000_000_000L + i)));
        }
        return new SeasonSnapshot(
                BoardName.of("weekly-score"),
                ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-18T00:00:00Z")),
                region,
                entries);
    }

    @Test
    void writesACompressedChecksummedFileAndReadsItBack() throws IOException {
        SeasonSnapshot snapshot = snapshot(5_000);
        ArchiveReceipt receipt = archive.write(snapshot);

        String key = "leaderboards/weekly-score/2026-W47/eu-west-1.tsv.gz";
        assertThat(receipt.location()).isEqualTo("s3://" + bucket + "/" + key);
        byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        assertThat(SeasonArchiveFile.sha256(stored)).isEqualTo(receipt.sha256());
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(stored)).readNBytes(200)))
                .startsWith("bluemarble-leaderboard-archive\tv1\nboard\tweekly-score\n");
        assertThat(receipt.bytes()).isLessThan(5_000L * 20); // compressed well below the plain text size
        assertThat(archive.read(snapshot.shard())).contains(snapshot);
    }

    @Test
    void readRefusesAFileWhoseChecksumDoesNotMatch() {
        SeasonSnapshot snapshot = snapshot(3);
        archive.write(snapshot);
        String key = archive.key(snapshot.shard());
        // Same metadata, other bytes: what silent corruption at rest would look like.
        byte[] other = SeasonArchiveFile.encode(snapshot(4));
        s3.putObject(
                r -> r.bucket(bucket)
                        .key(key)
                        .metadata(java.util.Map.of(
                                S3SeasonArchive.SHA256_METADATA,
                                SeasonArchiveFile.sha256(SeasonArchiveFile.encode(snapshot)))),
                RequestBody.fromBytes(other));
        assertThatThrownBy(() -> archive.read(snapshot.shard())).hasMessageContaining("checksum mismatch");
    }

    @Test
    void aSeasonNeverArchivedReadsAsEmpty() {
        assertThat(archive.read(new SeasonShard(BoardName.of("weekly-score"), "1999-W01", Region.of("eu-west-1"))))
                .isEmpty();
    }
}
