package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The economy's use cases: grant, trade, read a player's balances, audit. Each write is one
 * read-write transaction whose body only reads and buffers writes, so the store may re-run it.
 * Every answer, committed or rejected by a rule, is recorded under its idempotency key: a replay
 * of the same request returns the first answer and applies nothing; another request under the
 * same key is a conflict.
 */
public final class EconomyService {

    private final EconomyStore store;
    private final Supplier<EconomyLimits> limits;

    public EconomyService(EconomyStore store, EconomyLimits limits) {
        this(store, () -> limits);
    }

    /**
     * @param limits the current rules, asked once per request (e.g. the hot-reloaded game config);
     *               the unique SKUs must not change while the service runs (they decide the storage model)
     */
    public EconomyService(EconomyStore store, Supplier<EconomyLimits> limits) {
        this.store = store;
        this.limits = limits;
    }

    /** The rules in force now. */
    public EconomyLimits limits() {
        return limits.get();
    }

    /** What a transaction body decided; resolved to an answer once the commit timestamp is known. */
    private sealed interface Decision {
        record Recorded(OutcomeStatus status, String errorCode, String message) implements Decision {}

        record Replayed(RecordedOutcome outcome) implements Decision {}

        record KeyReused() implements Decision {}

        record UnknownPlayer(PlayerId playerId) implements Decision {}
    }

    public EconomyAnswer trade(TradeRequest request) {
        String fingerprint = Fingerprint.of(request.canonical());
        EconomyLimits rules = limits.get(); // one set of rules for every run of the body
        EconomyStore.Committed<Decision> result = store.readWrite(tx -> decideTrade(tx, request, fingerprint, rules));
        return answer(request.tradeId(), "tradeId", result);
    }

    private Decision decideTrade(
            EconomyTransaction tx, TradeRequest request, String fingerprint, EconomyLimits limits) {
        Optional<RecordedOutcome> prior = tx.findTrade(request.tradeId());
        if (prior.isPresent()) {
            return replayOrConflict(prior.get(), fingerprint);
        }
        PlayerId a = request.a().playerId();
        PlayerId b = request.b().playerId();
        for (PlayerId player : List.of(a, b)) {
            if (!tx.playerExists(player)) {
                return new Decision.UnknownPlayer(player);
            }
        }
        Optional<String> untradable = untradable(request, limits);
        if (untradable.isPresent()) {
            String message = untradable.get() + " cannot be traded under the current game rules";
            tx.recordTrade(request, fingerprint, OutcomeStatus.REJECTED, ErrorCode.ITEM_NOT_TRADABLE.name(), message);
            return new Decision.Recorded(OutcomeStatus.REJECTED, ErrorCode.ITEM_NOT_TRADABLE.name(), message);
        }
        Settlement settlement = new Settlement(tx, limits);
        settlement.load(
                new TreeSet<>(Set.of(a, b)),
                List.of(request.a().gives(), request.b().gives()));
        Optional<Settlement.Refusal> refusal = settlement
                .transfer(a, b, request.a().gives())
                .or(() -> settlement.transfer(b, a, request.b().gives()))
                .or(settlement::checkOverflow);
        if (refusal.isPresent()) {
            tx.recordTrade(
                    request,
                    fingerprint,
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
            return new Decision.Recorded(
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
        }
        settlement.write(request.tradeId(), LedgerEntry.Source.TRADE);
        tx.recordTrade(request, fingerprint, OutcomeStatus.COMMITTED, null, null);
        return new Decision.Recorded(OutcomeStatus.COMMITTED, null, null);
    }

    private static Optional<String> untradable(TradeRequest request, EconomyLimits limits) {
        return java.util.stream.Stream.concat(
                        request.a().gives().items().keySet().stream(), request.b().gives().items().keySet().stream())
                .filter(sku -> !limits.isTradable(sku))
                .sorted()
                .findFirst();
    }

    public EconomyAnswer grant(GrantRequest request) {
        String fingerprint = Fingerprint.of(request.canonical());
        EconomyLimits rules = limits.get();
        EconomyStore.Committed<Decision> result = store.readWrite(tx -> decideGrant(tx, request, fingerprint, rules));
        return answer(request.grantId(), "grantId", result);
    }

    private Decision decideGrant(
            EconomyTransaction tx, GrantRequest request, String fingerprint, EconomyLimits limits) {
        Optional<RecordedOutcome> prior = tx.findGrant(request.grantId());
        if (prior.isPresent()) {
            return replayOrConflict(prior.get(), fingerprint);
        }
        PlayerId player = request.playerId();
        boolean isNew = !tx.playerExists(player);
        Settlement settlement = new Settlement(tx, limits);
        settlement.load(Set.of(player), List.of(request.bundle()));
        settlement.mint(player, request.bundle(), request.grantId());
        Optional<Settlement.Refusal> refusal = settlement.checkOverflow();
        if (refusal.isPresent()) {
            tx.recordGrant(
                    request,
                    fingerprint,
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
            return new Decision.Recorded(
                    OutcomeStatus.REJECTED,
                    refusal.get().code().name(),
                    refusal.get().message());
        }
        if (isNew) {
            tx.insertPlayer(player);
        }
        settlement.write(request.grantId(), LedgerEntry.Source.GRANT);
        tx.recordGrant(request, fingerprint, OutcomeStatus.COMMITTED, null, null);
        return new Decision.Recorded(OutcomeStatus.COMMITTED, null, null);
    }

    private static Decision replayOrConflict(RecordedOutcome prior, String fingerprint) {
        return prior.fingerprint().equals(fingerprint) ? new Decision.Replayed(prior) : new Decision.KeyReused();
    }

    private static EconomyAnswer answer(UUID id, String keyName, EconomyStore.Committed<Decision> result) {
        Decision decision = result.value();
        if (decision instanceof Decision.Recorded recorded) {
            return new EconomyAnswer(
                    id, recorded.status(), recorded.errorCode(), recorded.message(), result.commitTimestamp());
        }
        if (decision instanceof Decision.Replayed replayed) {
            return EconomyAnswer.of(id, replayed.outcome());
        }
        if (decision instanceof Decision.UnknownPlayer unknown) {
            throw new DomainException(
                    ErrorCode.UNKNOWN_PLAYER, "player " + unknown.playerId() + " has never been granted anything");
        }
        throw new DomainException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED, keyName + " " + id + " was already used for a different request");
    }

    public Holdings holdings(PlayerId playerId, ReadFreshness freshness) {
        return store.holdings(playerId, freshness)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_PLAYER, "player " + playerId + " has never been granted anything"));
    }

    public AuditReport audit() {
        return AuditReport.of(store.auditSnapshot());
    }
}
