package com.bluemarble.functions.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.player.PlayerId;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Redis encoding agrees with the core's rank order, and a shard's keys share one Cluster slot. */
class EntryMemberTest {

    private static final Region EU = Region.of("eu-west-1");

    @Test
    void forEqualScoresDescendingMemberBytesIsTheCoreRankOrder() {
        Random random = new Random(11);
        String[] players = {"a", "b", "B", "zz", "a-1", "a.1", "a:1", "A_9", "0", "9z"};
        for (int i = 0; i < 20_000; i++) {
            LeaderboardEntry x = entry(players[random.nextInt(players.length)], random.nextInt(4));
            LeaderboardEntry y = entry(players[random.nextInt(players.length)], random.nextInt(4));
            int byMember = -Arrays.compareUnsigned(bytes(x), bytes(y)); // Redis: memcmp; descending order
            assertThat(Integer.signum(byMember))
                    .as("%s vs %s", x, y)
                    .isEqualTo(Integer.signum(LeaderboardEntry.BETTER_FIRST.compare(x, y)));
        }
    }

    @Test
    void decodesWhatItEncodes() {
        LeaderboardEntry entry = new LeaderboardEntry(
                PlayerId.of("ana:eu_1.x-9"), EU, 9_007_199_254_740_992L, Instant.parse("2026-11-21T08:00:00.123Z"));
        String member = EntryMember.encode(entry.playerId(), entry.achievedAt());
        assertThat(member).hasSize(12 + "ana:eu_1.x-9".length()).matches("[0-9a-f]{12}ana:eu_1.x-9");
        assertThat(EntryMember.decode(member, "9007199254740992", EU)).isEqualTo(entry);
        assertThat(EntryMember.parseScore("9.007199254740992E15")).isEqualTo(9_007_199_254_740_992L);
    }

    @Test
    void aSeasonShardsKeysShareOneClusterSlot() {
        SeasonKeys keys = SeasonKeys.of(new SeasonShard(BoardName.of("weekly-score"), "2026-W47", EU));
        assertThat(keys.scores()).isEqualTo("lb:{weekly-score:2026-W47:eu-west-1}:scores");
        int slot = SlotHash.getSlot(keys.scores());
        assertThat(SlotHash.getSlot(keys.members())).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.closed())).isEqualTo(slot);
        // and seasons and regions spread over slots rather than piling onto one
        assertThat(SlotHash.getSlot(SeasonKeys.of(new SeasonShard(BoardName.of("weekly-score"), "2026-W48", EU))
                        .scores()))
                .isNotEqualTo(slot);
    }

    private static LeaderboardEntry entry(String player, int millis) {
        return new LeaderboardEntry(
                PlayerId.of(player),
                EU,
                100,
                Instant.parse("2026-11-21T08:00:00Z").plusMillis(millis));
    }

    private static byte[] bytes(LeaderboardEntry entry) {
        return EntryMember.encode(entry.playerId(), entry.achievedAt()).getBytes(StandardCharsets.UTF_8);
    }
}
