package com.bluemarble.functions.app.leaderboard;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.RankReply;
import com.bluemarble.functions.core.leaderboard.RankRequest;
import com.bluemarble.functions.core.leaderboard.RankedEntry;
import com.bluemarble.functions.core.leaderboard.SeasonArchiver;
import com.bluemarble.functions.core.leaderboard.SubmitReply;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import com.bluemarble.functions.core.leaderboard.TopReply;
import com.bluemarble.functions.core.leaderboard.TopRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * {@code leaderboardSubmit}, {@code leaderboardTop}, {@code leaderboardRank}: leaderboards on Redis;
 * and {@code leaderboardArchiveSeasons}, the scheduled job (EventBridge in AWS) that archives
 * ended seasons to S3 and lets them expire.
 */
@Configuration(proxyBeanMethods = false)
public class LeaderboardFunctions {

    static final int MAX_REQUEST_BYTES = 4 * 1024;
    /** A batch of 1,000 entries of the longest names fits; a single submit is far below. */
    static final int MAX_SUBMIT_REQUEST_BYTES = 256 * 1024;

    record Entry(long rank, String playerId, String region, long score) {
        static Entry of(RankedEntry ranked) {
            return new Entry(
                    ranked.rank(),
                    ranked.entry().playerId().value(),
                    ranked.entry().region().value(),
                    ranked.entry().score());
        }
    }

    record SubmitAnswer(
            String board,
            String season,
            String playerId,
            String region,
            long score,
            String achievedAt,
            boolean improved,
            long regionalRank) {}

    record BatchSubmitAnswer(List<SubmitAnswer> entries) {}

    static SubmitAnswer answer(SubmitReply reply) {
        return new SubmitAnswer(
                reply.board().value(),
                reply.seasonId(),
                reply.best().playerId().value(),
                reply.best().region().value(),
                reply.best().score(),
                reply.best().achievedAt().toString(),
                reply.improved(),
                reply.regionalRank());
    }

    record TopAnswer(String board, String season, String region, List<Entry> entries) {}

    record RankAnswer(
            String board,
            String season,
            String playerId,
            String region,
            long score,
            long globalRank,
            long regionalRank,
            List<Entry> around) {}

    record ArchivedSeason(
            String board, String season, String region, String location, String sha256, int entries, String expireAt) {}

    record ArchiveAnswer(List<ArchivedSeason> archived) {}

    @Bean
    Function<Message<byte[]>, Message<byte[]>> leaderboardSubmit(LeaderboardService leaderboards) {
        return JsonFunctions.endpoint(
                "leaderboardSubmit", LeaderboardRequests.Submit.class, MAX_SUBMIT_REQUEST_BYTES, request -> {
                    if (request.entries() != null) {
                        return Reply.ok(new BatchSubmitAnswer(leaderboards.submitAll(batch(request)).stream()
                                .map(LeaderboardFunctions::answer)
                                .toList()));
                    }
                    return Reply.ok(answer(leaderboards.submit(
                            SubmitRequest.of(request.board(), request.playerId(), request.region(), request.score()))));
                });
    }

    /** Every entry validated before anything is applied; errors name the entry. */
    private static List<SubmitRequest> batch(LeaderboardRequests.Submit request) {
        if (request.board() != null
                || request.playerId() != null
                || request.region() != null
                || request.score() != null) {
            throw new DomainException(
                    ErrorCode.INVALID_REQUEST,
                    "a batch submit carries only entries; board, playerId, region, score go in each entry");
        }
        List<SubmitRequest> submits = new ArrayList<>(request.entries().size());
        for (int i = 0; i < request.entries().size(); i++) {
            LeaderboardRequests.Entry entry = request.entries().get(i);
            if (entry == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "entries[" + i + "] is null");
            }
            try {
                submits.add(SubmitRequest.of(entry.board(), entry.playerId(), entry.region(), entry.score()));
            } catch (DomainException e) {
                throw new DomainException(ErrorCode.valueOf(e.code()), "entries[" + i + "]: " + e.getMessage(), e);
            }
        }
        return submits;
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> leaderboardTop(LeaderboardService leaderboards) {
        return JsonFunctions.endpoint("leaderboardTop", LeaderboardRequests.Top.class, MAX_REQUEST_BYTES, request -> {
            TopReply reply = leaderboards.top(TopRequest.of(request.board(), request.region(), request.limit()));
            return Reply.ok(new TopAnswer(
                    reply.board().value(),
                    reply.seasonId(),
                    reply.region().map(r -> r.value()).orElse(null),
                    reply.entries().stream().map(Entry::of).toList()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> leaderboardRank(LeaderboardService leaderboards) {
        return JsonFunctions.endpoint("leaderboardRank", LeaderboardRequests.Rank.class, MAX_REQUEST_BYTES, request -> {
            RankReply reply = leaderboards.rank(RankRequest.of(request.board(), request.playerId(), request.around()));
            return Reply.ok(new RankAnswer(
                    reply.board().value(),
                    reply.seasonId(),
                    reply.entry().playerId().value(),
                    reply.entry().region().value(),
                    reply.entry().score(),
                    reply.globalRank(),
                    reply.regionalRank(),
                    reply.around().stream().map(Entry::of).toList()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> leaderboardArchiveSeasons(SeasonArchiver archiver) {
        return JsonFunctions.endpoint(
                "leaderboardArchiveSeasons",
                LeaderboardRequests.ArchiveSeasons.class,
                MAX_REQUEST_BYTES,
                request -> Reply.ok(new ArchiveAnswer(archiver.archiveEndedSeasons().stream()
                        .map(a -> new ArchivedSeason(
                                a.shard().board().value(),
                                a.shard().seasonId(),
                                a.shard().region().value(),
                                a.receipt().location(),
                                a.receipt().sha256(),
                                a.receipt().entries(),
                                a.expireAt().toString()))
                        .toList())));
    }
}
