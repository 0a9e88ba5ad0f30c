package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive file of one season shard: gzip-compressed UTF-8 tab-separated text, readable with
 * {@code zcat}, checksummed with SHA-256 over the compressed bytes. Layout:
 * <pre>
 * bluemarble-leaderboard-archive	v1
 * board	weekly-score
 * season	2026-W47	2026-11-16T00:00:00Z	2026-11-23T00:00:00Z
 * region	eu-west-1
 * entries	2
 * rank	playerId	score	achievedAtEpochMillis
 * 1	ana	4200	1795000000123
 * 2	ben	4200	1795000000456
 * </pre>
 * Tabs cannot occur in board, region or player ids, so no quoting is needed.
 */
public final class SeasonArchiveFile {

    static final String MAGIC = "bluemarble-leaderboard-archive\tv1";

    private SeasonArchiveFile() {}

    public static byte[] encode(SeasonSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            Season season = snapshot.season();
            out.write(MAGIC + "\n");
            out.write("board\t" + snapshot.board() + "\n");
            out.write("season\t" + season.id() + "\t" + season.start() + "\t"
                    + (season.end() == null ? "-" : season.end()) + "\n");
            out.write("region\t" + snapshot.region() + "\n");
            out.write("entries\t" + snapshot.entries().size() + "\n");
            out.write("rank\tplayerId\tscore\tachievedAtEpochMillis\n");
            long rank = 1;
            for (LeaderboardEntry entry : snapshot.entries()) {
                out.write(rank++ + "\t" + entry.playerId() + "\t" + entry.score() + "\t"
                        + entry.achievedAt().toEpochMilli() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SeasonSnapshot decode(byte[] compressed) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(compressed)), StandardCharsets.UTF_8))) {
            expect(MAGIC.equals(in.readLine()), "not a leaderboard archive (v1)");
            BoardName board = BoardName.of(field(in.readLine(), "board")[1]);
            String[] s = field(in.readLine(), "season");
            Season season = new Season(s[1], Instant.parse(s[2]), "-".equals(s[3]) ? null : Instant.parse(s[3]));
            Region region = Region.of(field(in.readLine(), "region")[1]);
            int count = Integer.parseInt(field(in.readLine(), "entries")[1]);
            field(in.readLine(), "rank");
            List<LeaderboardEntry> entries = new ArrayList<>(count);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                expect(
                        f.length == 4 && Long.parseLong(f[0]) == entries.size() + 1,
                        "bad entry line " + (entries.size() + 1));
                entries.add(new LeaderboardEntry(
                        PlayerId.of(f[1]), region, Long.parseLong(f[2]), Instant.ofEpochMilli(Long.parseLong(f[3]))));
            }
            expect(entries.size() == count, "archive says " + count + " entries but holds " + entries.size());
            return new SeasonSnapshot(board, season, region, entries);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable leaderboard archive: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Object name of a shard's archive under a store's prefix: {@code board/season/region.tsv.gz}. */
    public static String relativePath(SeasonShard shard) {
        return shard.board() + "/" + shard.seasonId() + "/" + shard.region() + ".tsv.gz";
    }

    private static String[] field(String line, String name) {
        expect(line != null, "archive ends before its " + name + " line");
        String[] parts = line.split("\t", -1);
        expect(parts[0].equals(name), "expected a " + name + " line, found " + parts[0]);
        return parts;
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("corrupt leaderboard archive: " + problem);
        }
    }
}
