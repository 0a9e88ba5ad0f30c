package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a backup restore runs after it wrote and before it reports success: every player the
 * {@link ErasureLog} ever recorded is erased again from every store the restore wrote into, so a
 * restored backup (taken before an erasure) never brings an erased player back. The log itself lives
 * outside every backup. Erasing a player that holds nothing is a no-op, so it may run any number of times.
 */
public final class ErasureReplay {

    /** Re-applies nothing: a deployment without erasures (tests of the backup alone). */
    public static final ErasureReplay NONE = new ErasureReplay(null, List::of);

    static final int PAGE = 500;

    private final ErasureLog log;
    private final Supplier<List<PlayerDataStore>> stores;

    /** @param stores the stores as the restore wrote them (resolved when a restore runs) */
    public ErasureReplay(ErasureLog log, Supplier<List<PlayerDataStore>> stores) {
        this.log = log;
        this.stores = stores;
    }

    /** @return the players erased again */
    public long reapply() {
        if (log == null) {
            return 0;
        }
        List<PlayerDataStore> targets = stores.get();
        long players = 0;
        PlayerId after = null;
        while (true) {
            List<PlayerId> page = log.erasedPlayers(after, PAGE);
            for (PlayerId player : page) {
                for (PlayerDataStore store : targets) {
                    store.erase(player);
                }
                players++;
            }
            if (page.size() < PAGE) {
                return players;
            }
            after = page.get(page.size() - 1);
        }
    }
}
