package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.SortedMap;

/**
 * A player's balances. {@code items} counts every SKU, stackable or unique; {@code instances}
 * lists the instance ids of unique SKUs.
 */
public record Holdings(
        PlayerId playerId,
        SortedMap<String, Long> currency,
        SortedMap<String, Long> items,
        SortedMap<String, List<String>> instances) {}
