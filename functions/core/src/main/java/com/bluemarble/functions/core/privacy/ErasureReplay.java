package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a backup restore runs after it wrote and before it reports success: every player the
 * {@link ErasureLog} ever recorded is erased again from every store the restore wrote into, so a
 * restored backup (taken before an erasure) never brings an erased player back. The log itself lives
 * outside every backup. Erasing a player that holds nothing is a no-op, so it may run any number of times.
 */
public final class ErasureReplay {

    /**
     * Where the restore wrote: its stores, and the erasure log beside them. When that log is not the
     * recorded one (a restore into another database), each erasure is recorded there too, done, before
     * the stores erase (the economy erases only a player whose erasure its database holds, the freeze).
     */
    public record Target(ErasureLog log, List<PlayerDataStore> stores) {}

    /** Re-applies nothing: a deployment without erasures (tests of the backup alone). */
    public static final ErasureReplay NONE = new ErasureReplay(null, () -> null, Clock.systemUTC());

    static final int PAGE = 500;
    static final String REASON = "re-applied by a backup restore";

    private final ErasureLog recorded;
    private final Supplier<Target> target;
    private final Clock clock;

    /** @param target resolved when a restore runs */
    public ErasureReplay(ErasureLog recorded, Supplier<Target> target, Clock clock) {
        this.recorded = recorded;
        this.target = target;
        this.clock = clock;
    }

    /** @return the players erased again */
    public long reapply() {
        if (recorded == null) {
            return 0;
        }
        Target into = target.get();
        boolean elsewhere = into.log() != recorded;
        long players = 0;
        PlayerId after = null;
        while (true) {
            List<PlayerId> page = recorded.erasedPlayers(after, PAGE);
            for (PlayerId player : page) {
                UUID eraseId = UUID.nameUUIDFromBytes(("restore:" + player.value()).getBytes(StandardCharsets.UTF_8));
                if (elsewhere) {
                    into.log().record(eraseId, player, REASON, clock.instant());
                }
                for (PlayerDataStore store : into.stores()) {
                    store.erase(player);
                }
                if (elsewhere) {
                    ErasureSaga.STEPS.forEach(step -> into.log().markDone(eraseId, step, clock.instant()));
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
