package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.EconomyAnswer;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.Holdings;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Telemetry;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** {@code grant}, {@code trade}, {@code playerEconomy}, {@code economyAudit}: the economy on Spanner. */
@Configuration(proxyBeanMethods = false)
public class EconomyFunctions {

    /** Economy requests are small; the cap keeps a malicious body from costing memory or a big transaction. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    record TradeAnswer(String tradeId, String status, String commitTimestamp, String error, String message) {}

    record GrantAnswer(
            String grantId, String playerId, String status, String commitTimestamp, String error, String message) {}

    record PlayerEconomyAnswer(
            String playerId,
            SortedMap<String, Long> currency,
            SortedMap<String, Long> items,
            SortedMap<String, List<String>> instances) {}

    record AuditAnswer(
            boolean ok,
            long players,
            SortedMap<String, AuditReport.Totals> currency,
            SortedMap<String, AuditReport.Totals> items,
            String readTimestamp,
            List<String> problems) {}

    @Bean
    Function<Message<byte[]>, Message<byte[]>> grant(EconomyService economy) {
        return JsonFunctions.endpoint("grant", EconomyRequests.Grant.class, MAX_REQUEST_BYTES, request -> {
            var grant = request.toDomain(economy.limits());
            EconomyAnswer answer = economy.grant(grant);
            countOutcome(answer);
            return new Reply(
                    status(answer),
                    new GrantAnswer(
                            answer.id().toString(),
                            grant.playerId().value(),
                            answer.status().name(),
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> trade(EconomyService economy) {
        return JsonFunctions.endpoint("trade", EconomyRequests.Trade.class, MAX_REQUEST_BYTES, request -> {
            EconomyAnswer answer = economy.trade(request.toDomain(economy.limits()));
            countOutcome(answer);
            return new Reply(
                    status(answer),
                    new TradeAnswer(
                            answer.id().toString(),
                            answer.status().name(),
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerEconomy(EconomyService economy) {
        return JsonFunctions.endpoint(
                "playerEconomy", EconomyRequests.PlayerEconomy.class, MAX_REQUEST_BYTES, request -> {
                    Holdings holdings = economy.holdings(
                            PlayerId.of(request.playerId()), ReadFreshness.ofSeconds(request.maxStalenessSeconds()));
                    return Reply.ok(new PlayerEconomyAnswer(
                            holdings.playerId().value(), holdings.currency(), holdings.items(), holdings.instances()));
                });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> economyAudit(EconomyService economy) {
        return JsonFunctions.endpoint("economyAudit", EconomyRequests.Audit.class, MAX_REQUEST_BYTES, request -> {
            AuditReport audit = economy.audit();
            return Reply.ok(new AuditAnswer(
                    audit.ok(),
                    audit.players(),
                    audit.currency(),
                    audit.items(),
                    audit.readTimestamp().toString(),
                    audit.problems()));
        });
    }

    /** EconomyCommits, or EconomyRejections by error code (docs/operations.md). */
    private static void countOutcome(EconomyAnswer answer) {
        if (answer.status() == OutcomeStatus.COMMITTED) {
            Telemetry.metrics().count(MetricNames.ECONOMY_COMMITS, 1);
        } else {
            String code = answer.errorCode() != null
                    ? answer.errorCode()
                    : answer.status().name();
            Telemetry.metrics().count(MetricNames.ECONOMY_REJECTIONS, 1, MetricNames.ERROR_CODE, code);
        }
    }

    private static int status(EconomyAnswer answer) {
        return answer.status() == OutcomeStatus.COMMITTED ? 200 : 422;
    }
}
