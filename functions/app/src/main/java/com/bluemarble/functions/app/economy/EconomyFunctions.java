package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.ConsumeRequest;
import com.bluemarble.functions.core.economy.CraftRequest;
import com.bluemarble.functions.core.economy.EconomyAnswer;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.Holdings;
import com.bluemarble.functions.core.economy.ListingBuyRequest;
import com.bluemarble.functions.core.economy.ListingCancelRequest;
import com.bluemarble.functions.core.economy.MarketPages;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.core.economy.PageTokens;
import com.bluemarble.functions.core.economy.PurchaseRequest;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The economy on Spanner: {@code grant}, {@code trade}, {@code playerEconomy}, {@code economyAudit};
 * sinks {@code purchase}, {@code consume}, {@code craft}; the trading post {@code listingCreate},
 * {@code listingBuy}, {@code listingCancel}, {@code listingsSearch}, {@code listingsExpire}; and
 * {@code playerHistory}.
 */
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
    Function<Message<byte[]>, Message<byte[]>> economyAudit(
            EconomyService economy, AuditJobFunctions.SyncAuditBound syncAuditBound) {
        return JsonFunctions.endpoint("economyAudit", EconomyRequests.Audit.class, MAX_REQUEST_BYTES, request -> {
            syncAuditBound.check(); // too many players: AUDIT_TOO_LARGE, naming the partitioned job
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

    // ---- economy v2: sinks, the trading post, history (see docs/economy-v2.md) ----

    record PurchaseAnswer(
            String purchaseId,
            String playerId,
            String offerId,
            int quantity,
            String status,
            String commitTimestamp,
            String error,
            String message) {}

    record ConsumeAnswer(
            String consumeId, String playerId, String status, String commitTimestamp, String error, String message) {}

    record CraftAnswer(
            String craftId,
            String playerId,
            String recipeId,
            int times,
            String status,
            String commitTimestamp,
            String error,
            String message) {}

    record ListingAnswer(
            String listingId, String status, String expiresAt, String commitTimestamp, String error, String message) {}

    record PriceJson(String currency, long amount) {}

    record ListingBuyAnswer(
            String purchaseId,
            String listingId,
            String status,
            PriceJson price,
            Long fee,
            String commitTimestamp,
            String error,
            String message) {}

    record ListingCancelAnswer(String listingId, String status, String commitTimestamp) {}

    record ListingJson(String listingId, String sellerId, Map<String, Long> items, PriceJson price, String expiresAt) {}

    record SearchAnswer(List<ListingJson> listings, String nextPageToken) {}

    record ExpireAnswer(int expired, int skipped, boolean more) {}

    record HistoryEntryJson(String at, String source, String ref, String asset, long delta) {}

    record HistoryAnswer(String playerId, List<HistoryEntryJson> entries, String nextPageToken) {}

    /** A rejection answers with the status of its error code (422 rules, 409 a listing already gone). */
    private static int v2Status(EconomyAnswer answer) {
        return answer.httpStatus();
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> purchase(EconomyService economy) {
        return JsonFunctions.endpoint("purchase", EconomyRequests.Purchase.class, MAX_REQUEST_BYTES, request -> {
            PurchaseRequest purchase = request.toDomain();
            EconomyAnswer answer = economy.purchase(purchase);
            return new Reply(
                    v2Status(answer),
                    new PurchaseAnswer(
                            answer.id().toString(),
                            purchase.playerId().value(),
                            purchase.offerId(),
                            purchase.quantity(),
                            answer.status().name(),
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> consume(EconomyService economy) {
        return JsonFunctions.endpoint("consume", EconomyRequests.Consume.class, MAX_REQUEST_BYTES, request -> {
            ConsumeRequest consume = request.toDomain(economy.limits());
            EconomyAnswer answer = economy.consume(consume);
            return new Reply(
                    v2Status(answer),
                    new ConsumeAnswer(
                            answer.id().toString(),
                            consume.playerId().value(),
                            answer.status().name(),
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> craft(EconomyService economy) {
        return JsonFunctions.endpoint("craft", EconomyRequests.Craft.class, MAX_REQUEST_BYTES, request -> {
            CraftRequest craft = request.toDomain();
            EconomyAnswer answer = economy.craft(craft);
            return new Reply(
                    v2Status(answer),
                    new CraftAnswer(
                            answer.id().toString(),
                            craft.playerId().value(),
                            craft.recipeId(),
                            craft.times(),
                            answer.status().name(),
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> listingCreate(EconomyService economy) {
        return JsonFunctions.endpoint(
                "listingCreate", EconomyRequests.ListingCreate.class, MAX_REQUEST_BYTES, request -> {
                    EconomyAnswer answer = economy.createListing(request.toDomain(economy.limits()));
                    boolean open = answer.status() == OutcomeStatus.COMMITTED;
                    return new Reply(
                            v2Status(answer),
                            new ListingAnswer(
                                    answer.id().toString(),
                                    open ? "OPEN" : answer.status().name(),
                                    answer.details().get("expiresAt"),
                                    answer.commitTimestamp().toString(),
                                    answer.errorCode(),
                                    answer.message()));
                });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> listingBuy(EconomyService economy) {
        return JsonFunctions.endpoint("listingBuy", EconomyRequests.ListingBuy.class, MAX_REQUEST_BYTES, request -> {
            ListingBuyRequest buy = request.toDomain();
            EconomyAnswer answer = economy.buyListing(buy);
            Map<String, String> details = answer.details();
            return new Reply(
                    v2Status(answer),
                    new ListingBuyAnswer(
                            answer.id().toString(),
                            buy.listingId().toString(),
                            answer.status().name(),
                            details.containsKey("price")
                                    ? new PriceJson(details.get("currency"), Long.parseLong(details.get("price")))
                                    : null,
                            details.containsKey("fee") ? Long.parseLong(details.get("fee")) : null,
                            answer.commitTimestamp().toString(),
                            answer.errorCode(),
                            answer.message()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> listingCancel(EconomyService economy) {
        return JsonFunctions.endpoint(
                "listingCancel", EconomyRequests.ListingCancel.class, MAX_REQUEST_BYTES, request -> {
                    ListingCancelRequest cancel = ListingCancelRequest.of(request.listingId(), request.sellerId());
                    EconomyService.ListingChange change = economy.cancelListing(cancel.listingId(), cancel.sellerId());
                    return Reply.ok(new ListingCancelAnswer(
                            change.listing().listingId().toString(),
                            change.listing().status().name(),
                            change.commitTimestamp().toString()));
                });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> listingsSearch(EconomyService economy) {
        return JsonFunctions.endpoint(
                "listingsSearch", EconomyRequests.ListingsSearch.class, MAX_REQUEST_BYTES, request -> {
                    MarketPages.ListingPage page = economy.searchListings(
                            request.sku(),
                            request.maxPrice(),
                            request.limit(),
                            request.pageToken(),
                            ReadFreshness.ofSeconds(request.maxStalenessSeconds()));
                    List<ListingJson> listings = page.listings().stream()
                            .map(l -> new ListingJson(
                                    l.listingId().toString(),
                                    l.sellerId().value(),
                                    Map.of(l.sku(), l.quantity()),
                                    new PriceJson(l.currency(), l.price()),
                                    l.expiresAt().toString()))
                            .toList();
                    return Reply.ok(new SearchAnswer(
                            listings,
                            page.next()
                                    .map(c -> PageTokens.listings(request.sku(), c))
                                    .orElse(null)));
                });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> listingsExpire(EconomyService economy) {
        return JsonFunctions.endpoint(
                "listingsExpire", EconomyRequests.ListingsExpire.class, MAX_REQUEST_BYTES, request -> {
                    EconomyService.ExpiryRun run = economy.expireListings();
                    return Reply.ok(new ExpireAnswer(run.expired(), run.alreadyClosed(), run.more()));
                });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerHistory(EconomyService economy) {
        return JsonFunctions.endpoint(
                "playerHistory", EconomyRequests.PlayerHistory.class, MAX_REQUEST_BYTES, request -> {
                    if (request.playerId() == null) {
                        throw new DomainException(ErrorCode.MISSING_FIELD, "playerId is required");
                    }
                    PlayerId player = PlayerId.of(request.playerId());
                    MarketPages.HistoryPage page = economy.history(player, request.limit(), request.pageToken());
                    List<HistoryEntryJson> entries = page.entries().stream()
                            .map(e -> new HistoryEntryJson(
                                    e.at().toString(),
                                    e.source().name(),
                                    e.ref(),
                                    e.asset().key(),
                                    e.delta()))
                            .toList();
                    return Reply.ok(new HistoryAnswer(
                            player.value(),
                            entries,
                            page.next().map(c -> PageTokens.history(player, c)).orElse(null)));
                });
    }
}
