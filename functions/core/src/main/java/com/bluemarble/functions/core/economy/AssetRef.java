package com.bluemarble.functions.core.economy;

/** A currency or an item SKU, as the ledger names it: {@code currency:gold}, {@code item:sword}. */
public record AssetRef(Kind kind, String name) implements Comparable<AssetRef> {

    public enum Kind {
        CURRENCY("currency"),
        ITEM("item");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    public static AssetRef currency(String name) {
        return new AssetRef(Kind.CURRENCY, name);
    }

    public static AssetRef item(String sku) {
        return new AssetRef(Kind.ITEM, sku);
    }

    public String key() {
        return kind.prefix + ":" + name;
    }

    public static AssetRef parse(String key) {
        int colon = key.indexOf(':');
        String prefix = key.substring(0, colon);
        String name = key.substring(colon + 1);
        return switch (prefix) {
            case "currency" -> currency(name);
            case "item" -> item(name);
            default -> throw new IllegalArgumentException("not an asset key: " + key);
        };
    }

    @Override
    public int compareTo(AssetRef other) {
        return key().compareTo(other.key());
    }
}
