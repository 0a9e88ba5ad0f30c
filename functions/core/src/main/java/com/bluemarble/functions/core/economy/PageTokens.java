package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque page tokens: the cursor and the query it belongs to, base64url. A token is only valid for
 * the query that produced it (another SKU or player is a 400), and is not a secret.
 */
public final class PageTokens {
    private static final int MAX_TOKEN_CHARS = 512;

    private PageTokens() {}

    public static String listings(String sku, MarketPages.ListingCursor cursor) {
        return encode("L|" + sku + "|" + cursor.price() + "|" + cursor.listingId());
    }

    public static MarketPages.ListingCursor listings(String sku, String token) {
        String[] parts = decode(token, 4);
        try {
            if (!parts[0].equals("L") || !parts[1].equals(sku)) {
                throw invalid();
            }
            return new MarketPages.ListingCursor(Long.parseLong(parts[2]), UUID.fromString(parts[3]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public static String history(PlayerId player, MarketPages.HistoryCursor cursor) {
        return encode("H|" + player.value() + "|" + cursor.at() + "|" + cursor.entryId() + "|" + cursor.asset());
    }

    public static MarketPages.HistoryCursor history(PlayerId player, String token) {
        String[] parts = decode(token, 5);
        try {
            if (!parts[0].equals("H") || !parts[1].equals(player.value())) {
                throw invalid();
            }
            return new MarketPages.HistoryCursor(
                    Instant.parse(parts[2]), parts[3], AssetRef.parse(parts[4]).key());
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token, int parts) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid();
        }
        try {
            String[] split = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            if (split.length != parts) {
                throw invalid();
            }
            return split;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static DomainException invalid() {
        return new DomainException(
                ErrorCode.INVALID_PAGE_TOKEN, "pageToken is not a token the previous page of this query returned");
    }
}
