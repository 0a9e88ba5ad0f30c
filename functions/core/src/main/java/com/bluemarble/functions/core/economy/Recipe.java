package com.bluemarble.functions.core.economy;

/** A crafting recipe of the game config: {@code inputs} are burned, {@code outputs} minted, atomically. */
public record Recipe(String id, Bundle inputs, Bundle outputs) {}
