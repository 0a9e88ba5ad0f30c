package com.bluemarble.functions.adapter.spanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyAnswer;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.Spanner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The economy on the real Cloud Spanner emulator (fault injection on: some commits abort and are retried). */
class SpannerEconomyStoreTest {

    private static final EconomyLimits LIMITS = EconomyLimits.defaults(Set.of("excalibur"));
    private static Spanner spanner;
    private static EconomyService economy;

    @BeforeAll
    static void createDatabase() {
        SpannerEmulator emulator = Emulators.spanner();
        String database = "eco-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.createDatabase(database, SpannerSchema.statements());
        SpannerSettings settings = new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                database,
                emulator.host(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        spanner = SpannerClients.open(settings, null);
        economy = new EconomyService(
                new SpannerEconomyStore(SpannerClients.database(spanner, settings), settings), LIMITS);
    }

    @AfterAll
    static void close() {
        spanner.close();
    }

    private static EconomyAnswer grant(String player, Map<String, Long> currency, Map<String, Long> items) {
        return economy.grant(
                GrantRequest.of(UUID.randomUUID().toString(), player, Bundle.of(currency, items, "grant"), LIMITS));
    }

    private static TradeRequest trade(String id, String a, Bundle aGives, String b, Bundle bGives) {
        return TradeRequest.of(
                id, new TradeSide(PlayerId.of(a), aGives), new TradeSide(PlayerId.of(b), bGives), LIMITS);
    }

    @Test
    void tradeCommitsAtomicallyAndItsReplayReturnsTheStoredAnswer() {
        grant("ana", Map.of("gold", 100L), Map.of("excalibur", 1L, "potion", 3L));
        grant("ben", Map.of("gold", 10L, "gems", 5L), Map.of());
        String id = UUID.randomUUID().toString();
        Bundle anaGives = Bundle.of(null, Map.of("excalibur", 1L, "potion", 2L), "a");
        Bundle benGives = Bundle.of(Map.of("gold", 10L, "gems", 5L), null, "b");

        EconomyAnswer first = economy.trade(trade(id, "ana", anaGives, "ben", benGives));
        EconomyAnswer replay = economy.trade(trade(id, "ana", anaGives, "ben", benGives));

        assertThat(first.status()).isEqualTo(OutcomeStatus.COMMITTED);
        assertThat(first.commitTimestamp()).isBefore(Instant.now().plusSeconds(1));
        assertThat(replay).isEqualTo(first);
        var ana = economy.holdings(PlayerId.of("ana"), ReadFreshness.STRONG);
        var ben = economy.holdings(PlayerId.of("ben"), ReadFreshness.STRONG);
        assertThat(ana.currency()).containsEntry("gold", 110L).containsEntry("gems", 5L);
        assertThat(ana.items()).containsEntry("potion", 1L).doesNotContainKey("excalibur");
        assertThat(ben.items()).containsEntry("excalibur", 1L).containsEntry("potion", 2L);
        assertThat(ben.instances().get("excalibur")).hasSize(1);
        assertThat(ben.currency()).containsEntry("gold", 0L);
        AuditReport audit = economy.audit();
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
    }

    @Test
    void aRejectionIsRecordedAndAReusedKeyConflicts() {
        grant("cai", Map.of("gold", 5L), Map.of());
        grant("dee", Map.of("gold", 5L), Map.of());
        String id = UUID.randomUUID().toString();
        EconomyAnswer rejected =
                economy.trade(trade(id, "cai", Bundle.of(Map.of("gold", 6L), null, "a"), "dee", Bundle.EMPTY));
        assertThat(rejected.status()).isEqualTo(OutcomeStatus.REJECTED);
        assertThat(rejected.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(economy.trade(trade(id, "cai", Bundle.of(Map.of("gold", 6L), null, "a"), "dee", Bundle.EMPTY)))
                .isEqualTo(rejected);
        assertThatThrownBy(() ->
                        economy.trade(trade(id, "cai", Bundle.of(Map.of("gold", 1L), null, "a"), "dee", Bundle.EMPTY)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(economy.holdings(PlayerId.of("cai"), ReadFreshness.ofSeconds(10))
                        .currency()
                        .getOrDefault("gold", 0L))
                .isLessThanOrEqualTo(5L);
        assertThat(economy.holdings(PlayerId.of("cai"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 5L);
    }

    @Test
    void anUnknownPlayerIsNotFound() {
        assertThatThrownBy(() -> economy.holdings(
                        PlayerId.of("nobody-" + UUID.randomUUID().toString().substring(0, 8)), ReadFreshness.STRONG))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void anUnreachableSpannerAnswersUnavailableWithinTheBound() {
        // A production-mode client (not emulator mode, which refuses to build without an emulator)
        // aimed at a port where nothing listens.
        int closedPort = Ports.freePort();
        SpannerSettings settings = new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                "nowhere",
                null,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        try (Spanner unreachable = com.google.cloud.spanner.SpannerOptions.newBuilder()
                .setProjectId(settings.projectId())
                .setHost("http://127.0.0.1:" + closedPort)
                .setChannelConfigurator(io.grpc.ManagedChannelBuilder::usePlaintext)
                .setCredentials(com.google.cloud.NoCredentials.getInstance())
                .build()
                .getService()) {
            EconomyService offline = new EconomyService(
                    new SpannerEconomyStore(SpannerClients.database(unreachable, settings), settings), LIMITS);
            long started = System.nanoTime();
            assertThatThrownBy(() -> offline.grant(GrantRequest.of(
                            UUID.randomUUID().toString(), "eve", Bundle.of(Map.of("gold", 1L), null, "grant"), LIMITS)))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThatThrownBy(offline::audit)
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
