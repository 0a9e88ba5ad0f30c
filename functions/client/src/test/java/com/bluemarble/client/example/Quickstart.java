package com.bluemarble.client.example;

import com.bluemarble.client.BlueMarbleClient;
import com.bluemarble.client.Economy.Assets;
import com.bluemarble.client.Economy.Grant;
import com.bluemarble.client.Economy.Trade;
import com.bluemarble.client.Leaderboards.Submit;
import com.bluemarble.client.SnapshotWriteBehind;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** docs/client.md's example: a game service against ./dev up (the URL as the first argument). */
public class Quickstart {
    public static void main(String[] args) {
        BlueMarbleClient client = BlueMarbleClient.create(args.length > 0 ? args[0] : "http://localhost:8080");
        String ann = "ann-" + UUID.randomUUID().toString().substring(0, 6), bo = "bo-" + ann.substring(4);

        client.grant(Grant.of(ann, Assets.currency("gold", 100)));
        client.grant(Grant.of(bo, Assets.items("potion", 3)));
        var trade = client.trade(Trade.of(ann, Assets.currency("gold", 40), bo, Assets.items("potion", 1)));
        System.out.println("trade " + trade.status() + "; ann holds "
                + client.playerEconomy(ann).currency());

        var best = client.leaderboardSubmit(new Submit("global-score", ann, "eu-west-1", 4200));
        System.out.println("best " + best.score() + ", regional rank " + best.regionalRank());

        try (var saves = SnapshotWriteBehind.builder(client).build()) { // flushes every 5 s, and on close
            var json = JsonMapper.builder().build();
            for (int v = 1; v <= 20; v++) {
                saves.markDirty(
                        ann, v, json.createObjectNode().put("zone", "harbor").put("hp", 100 - v));
            }
            saves.close();
            System.out.println("snapshots: " + saves.counters());
        }
        System.out.println("audit ok: " + client.economyAudit().ok());
    }
}
