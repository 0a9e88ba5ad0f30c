package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The economy's part of a player's data rights (docs/data-rights.md). The freeze is the erasure
 * record itself ({@code ErasureLog.record} writes the economy's freeze mark in the same
 * transaction), so {@link #freeze} only checks that the mark is there. {@link #erase} closes the
 * player's open listings and burns their holdings with ledger source ERASURE (the ledger rows
 * stay); {@link #export} is everything the economy keeps about the player, read at one timestamp.
 */
public final class EconomyDataRights implements PlayerDataStore {

    public static final String NAME = "economy";

    private final EconomyService economy;

    public EconomyDataRights(EconomyService economy) {
        this.economy = economy;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @throws IllegalStateException if the player's erasure has not been recorded (the freeze is the record) */
    @Override
    public void freeze(PlayerId player) {
        if (!economy.isErased(player)) {
            throw new IllegalStateException(
                    "the economy freezes " + player + " when the erasure is recorded (ErasureLog.record); it is not");
        }
    }

    @Override
    public void erase(PlayerId player) {
        economy.erasePlayer(player);
    }

    /**
     * {@code {"playerId", "readAt", "holdings": {"currency", "items", "instances"}, "ledger": [...],
     * "listings": [...], "offerPurchases": {...}}}; a player never granted anything has empty
     * sections. A sold listing's buyer is another player's data: left out.
     */
    @Override
    public Map<String, Object> export(PlayerId player) {
        Optional<PlayerEconomyData> found = economy.playerData(player);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("playerId", player.value());
        export.put(
                "readAt", found.map(d -> (Object) d.readTimestamp().toString()).orElse(null));
        Holdings held = found.map(PlayerEconomyData::holdings).orElse(null);
        Map<String, Object> holdings = new LinkedHashMap<>();
        holdings.put("currency", held == null ? Map.of() : new TreeMap<>(held.currency()));
        holdings.put("items", held == null ? Map.of() : new TreeMap<>(held.items()));
        holdings.put("instances", held == null ? Map.of() : new TreeMap<>(held.instances()));
        export.put("holdings", holdings);
        List<Object> ledger = new ArrayList<>();
        List<Object> listings = new ArrayList<>();
        found.ifPresent(data -> {
            data.ledger().forEach(entry -> ledger.add(ledgerRow(entry)));
            data.listings().forEach(listing -> listings.add(listingRow(listing)));
        });
        export.put("ledger", ledger);
        export.put("listings", listings);
        export.put(
                "offerPurchases",
                found.map(d -> (Object) new TreeMap<>(d.offerPurchases())).orElse(Map.of()));
        return export;
    }

    private static Map<String, Object> ledgerRow(MarketPages.HistoryEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("at", entry.at().toString());
        row.put("entryId", entry.entryId());
        row.put("ref", entry.ref());
        row.put("source", entry.source().name());
        row.put("asset", entry.asset().key());
        row.put("delta", entry.delta());
        return row;
    }

    private static Map<String, Object> listingRow(Listing listing) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("listingId", listing.listingId().toString());
        row.put("sku", listing.sku());
        row.put("quantity", listing.quantity());
        row.put("instanceIds", listing.instanceIds());
        row.put("currency", listing.currency());
        row.put("price", listing.price());
        row.put("status", listing.status().name());
        row.put("expiresAt", listing.expiresAt().toString());
        return row;
    }
}
