package com.bluemarble.functions.core.economy.audit;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one partition of players contributes to the audit: the same totals as {@link AuditSnapshot}
 * (per asset held, flows per ledger source, escrowed in the partition's sellers' open listings;
 * counts of negative balances, ledger-vs-balance mismatches and escrow mismatches) plus a sample of
 * findings naming the players. {@link #plus} is associative and commutative with {@link #EMPTY} as
 * its identity, so partials combine in any order and grouping into the whole economy's snapshot.
 *
 * @param findings the first {@link #MAX_FINDINGS} findings in order ("ledger-mismatch player asset",
 *                 "negative-balance player asset", "escrow-mismatch listing", "escrowed-instance-held
 *                 listing instance"); the counts are exact, this is where to look
 */
public record AuditPartial(
        long players,
        SortedMap<AssetRef, Long> held,
        SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> flows,
        SortedMap<AssetRef, Long> escrowed,
        long negativeBalances,
        long ledgerMismatches,
        long escrowMismatches,
        SortedSet<String> findings) {

    public static final int MAX_FINDINGS = 50;
    public static final AuditPartial EMPTY =
            new AuditPartial(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), 0, 0, 0, new TreeSet<>());

    public AuditPartial {
        held = unmodifiable(held);
        escrowed = unmodifiable(escrowed);
        SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> copy = new TreeMap<>();
        flows.forEach((asset, bySource) ->
                copy.put(asset, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bySource))));
        flows = java.util.Collections.unmodifiableSortedMap(copy);
        TreeSet<String> kept = new TreeSet<>();
        for (String finding : findings) {
            if (kept.size() == MAX_FINDINGS) {
                break;
            }
            kept.add(finding);
        }
        findings = java.util.Collections.unmodifiableSortedSet(kept);
    }

    private static SortedMap<AssetRef, Long> unmodifiable(Map<AssetRef, Long> map) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** The two partials' sum: totals added, counts added, findings merged (the first MAX_FINDINGS kept). */
    public AuditPartial plus(AuditPartial other) {
        SortedMap<AssetRef, Long> heldSum = new TreeMap<>(held);
        other.held.forEach((asset, value) -> heldSum.merge(asset, value, Math::addExact));
        SortedMap<AssetRef, Long> escrowedSum = new TreeMap<>(escrowed);
        other.escrowed.forEach((asset, value) -> escrowedSum.merge(asset, value, Math::addExact));
        SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> flowSum = new TreeMap<>();
        flows.forEach((asset, bySource) -> flowSum.put(asset, new TreeMap<>(bySource)));
        other.flows.forEach((asset, bySource) -> bySource.forEach((source, flow) ->
                flowSum.computeIfAbsent(asset, a -> new TreeMap<>()).merge(source, flow, AuditPartial::add)));
        TreeSet<String> findingSum = new TreeSet<>(findings);
        findingSum.addAll(other.findings);
        return new AuditPartial(
                Math.addExact(players, other.players),
                heldSum,
                flowSum,
                escrowedSum,
                Math.addExact(negativeBalances, other.negativeBalances),
                Math.addExact(ledgerMismatches, other.ledgerMismatches),
                Math.addExact(escrowMismatches, other.escrowMismatches),
                findingSum);
    }

    static AuditSnapshot.Flow add(AuditSnapshot.Flow a, AuditSnapshot.Flow b) {
        return new AuditSnapshot.Flow(Math.addExact(a.in(), b.in()), Math.addExact(a.out(), b.out()));
    }

    /** The whole economy's snapshot, when this partial is the sum of every partition's. */
    public AuditSnapshot toSnapshot(Instant readTimestamp) {
        Map<AssetRef, Map<LedgerEntry.Source, AuditSnapshot.Flow>> flowMaps = new TreeMap<>();
        flows.forEach((asset, bySource) -> {
            EnumMap<LedgerEntry.Source, AuditSnapshot.Flow> copy = new EnumMap<>(LedgerEntry.Source.class);
            copy.putAll(bySource);
            flowMaps.put(asset, copy);
        });
        return new AuditSnapshot(
                readTimestamp,
                players,
                new TreeMap<>(held),
                flowMaps,
                new TreeMap<>(escrowed),
                negativeBalances,
                ledgerMismatches,
                escrowMismatches);
    }

    /**
     * A line-oriented text form, stored as one partition's durable result: {@link #decode} gives
     * back an equal partial. Asset keys and player ids never hold tabs or newlines (their formats
     * forbid them).
     */
    public String encode() {
        StringBuilder out = new StringBuilder();
        out.append("counts\t")
                .append(players)
                .append('\t')
                .append(negativeBalances)
                .append('\t')
                .append(ledgerMismatches)
                .append('\t')
                .append(escrowMismatches)
                .append('\n');
        held.forEach((asset, value) -> out.append("held\t")
                .append(asset.key())
                .append('\t')
                .append(value)
                .append('\n'));
        escrowed.forEach((asset, value) -> out.append("escrowed\t")
                .append(asset.key())
                .append('\t')
                .append(value)
                .append('\n'));
        flows.forEach((asset, bySource) -> bySource.forEach((source, flow) -> out.append("flow\t")
                .append(asset.key())
                .append('\t')
                .append(source)
                .append('\t')
                .append(flow.in())
                .append('\t')
                .append(flow.out())
                .append('\n')));
        findings.forEach(finding -> out.append("finding\t").append(finding).append('\n'));
        return out.toString();
    }

    public static AuditPartial decode(String text) {
        long[] counts = null;
        SortedMap<AssetRef, Long> held = new TreeMap<>();
        SortedMap<AssetRef, Long> escrowed = new TreeMap<>();
        SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> flows = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "counts" ->
                    counts = new long[] {
                        Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])
                    };
                case "held" -> held.put(AssetRef.parse(f[1]), Long.parseLong(f[2]));
                case "escrowed" -> escrowed.put(AssetRef.parse(f[1]), Long.parseLong(f[2]));
                case "flow" ->
                    flows.computeIfAbsent(AssetRef.parse(f[1]), a -> new TreeMap<>())
                            .put(
                                    LedgerEntry.Source.valueOf(f[2]),
                                    new AuditSnapshot.Flow(Long.parseLong(f[3]), Long.parseLong(f[4])));
                case "finding" -> findings.add(line.substring("finding\t".length()));
                default -> throw new IllegalArgumentException("unknown line in an audit partial: " + f[0]);
            }
        }
        if (counts == null) {
            throw new IllegalArgumentException("an audit partial without its counts line");
        }
        return new AuditPartial(
                counts[0], held, flows, escrowed, counts[1], counts[2], counts[3], new TreeSet<>(findings));
    }
}
