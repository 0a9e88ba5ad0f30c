package com.bluemarble.functions.app.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The function application on a fresh Spanner database with a game config (offers, recipes, market)
 * published to a fresh bucket on the AWS emulator, loaded by the real S3 config path.
 */
final class EconomyV2Context {

    static final String CONFIG = """
            {"version": 1,
             "trade": {"maxAssetsPerSide": 32, "maxUniqueInstancesPerRequest": 100, "untradableSkus": ["soulbound-ring"]},
             "offers": {
               "potion-pack": {"price": {"currency": {"gold": 30}}, "grants": {"items": {"potion": 3}}, "maxPerPlayer": 5},
               "ore-crate": {"price": {"currency": {"gold": 10}}, "grants": {"items": {"ore": 3}}},
               "relic-box": {"price": {"currency": {"gems": 5}}, "grants": {"items": {"excalibur": 1}}},
               "old-sale": {"price": {"currency": {"gold": 1}}, "grants": {"items": {"potion": 1}},
                            "availableUntil": "2020-01-01T00:00:00Z"}},
             "recipes": {
               "iron-sword": {"inputs": {"items": {"ore": 3}, "currency": {"gold": 5}}, "outputs": {"items": {"iron-sword": 1}}},
               "relic-forge": {"inputs": {"items": {"ore": 1}}, "outputs": {"items": {"dragon-egg": 1}}}},
             "market": {"feeBasisPoints": 500, "currencies": ["gold"], "maxListingsPerPlayer": 3}}
            """;

    private EconomyV2Context() {}

    static FunctionsTestContext start() {
        AwsResources resources =
                Emulators.aws().provision("e" + UUID.randomUUID().toString().substring(0, 8));
        String bucket = resources.bucket("bluemarble-config");
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(Emulators.aws().endpoint())
                .region(AwsEmulator.REGION)
                .credentialsProvider(AwsEmulator.CREDENTIALS)
                .forcePathStyle(true)
                .build()) {
            s3.putObject(r -> r.bucket(bucket).key("game-config.json"), RequestBody.fromString(CONFIG));
        }
        return FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url",
                Emulators.aws().endpoint(),
                "bluemarble.aws.region",
                AwsEmulator.REGION.id(),
                "bluemarble.config.bucket",
                bucket));
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static Response grant(FunctionsTestContext app, String player, String currency, String items) {
        Response granted = app.call(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + player + "\",\"currency\":{" + currency
                        + "},\"items\":{" + items + "}}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        return granted;
    }
}
