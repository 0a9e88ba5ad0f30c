package com.bluemarble.infra.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How each region's leaderboard functions reach every region's Redis (global rank reads every shard).
 *
 * <p>CloudFormation cannot reference values across regions, so the cross-region parts are deployed in phases
 * (infra/README.md, "Leaderboards across regions"):
 * <ol>
 *   <li>{@code -c leaderboardEndpoints=regional}: every region deploys its VPC (its own, non-overlapping CIDR),
 *       Redis, and publishes the Redis endpoint and VPC id to SSM ({@link #ENDPOINT_PARAMETER},
 *       {@link #VPC_ID_PARAMETER}). Functions see only their own region's shard.</li>
 *   <li>{@code -c leaderboardEndpoints=<region>=rediss://...,... -c peerVpcIds=<region>=vpc-...,...}: the
 *       earlier region of each pair (in {@code regions} order) requests a VPC peering connection to the later one
 *       and routes the peer's CIDR through it; every function gets every region's endpoint.</li>
 *   <li>{@code -c vpcPeeringConnectionIds=<requester>:<accepter>=pcx-...,...}: the accepting regions route back.</li>
 * </ol>
 *
 * @param vpcCidrs region → VPC CIDR (/16), pairwise disjoint; default 10.40.0.0/16, 10.41.0.0/16, ... in region order
 * @param endpoints region → Redis URI for every region; empty in the regional phase or when not given
 * @param regionalOnly {@code -c leaderboardEndpoints=regional}: each region's functions see only its own Redis
 * @param peerVpcIds region → VPC id (from SSM after phase 1); empty before phase 2
 * @param peeringConnectionIds "requester:accepter" → pcx id (phase 3); empty before
 * @param authSecretName Secrets Manager secret holding the one Redis AUTH token all regions share (an ops-created
 *     secret of this name in every region, same value): a function authenticates to every shard with one token
 */
public record LeaderboardNetwork(
        Map<String, String> vpcCidrs,
        Optional<Map<String, String>> endpoints,
        boolean regionalOnly,
        Map<String, String> peerVpcIds,
        Map<String, String> peeringConnectionIds,
        String authSecretName) {

    public static final String ENDPOINT_PARAMETER = "/bluemarble/leaderboard/redis-endpoint";
    public static final String VPC_ID_PARAMETER = "/bluemarble/network/vpc-id";
    public static final String REGIONAL = "regional";
    public static final int REDIS_PORT = 6380;

    private static final Pattern CIDR16 = Pattern.compile("10\\.(\\d{1,3})\\.0\\.0/16");
    private static final Pattern ENDPOINT = Pattern.compile("rediss://[A-Za-z0-9.-]+:" + REDIS_PORT);
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern PCX_ID = Pattern.compile("pcx-[0-9a-f]{8,17}");

    static LeaderboardNetwork fromContext(Function<String, Object> context, List<String> regions) {
        Map<String, String> cidrs = new LinkedHashMap<>();
        Map<String, String> explicitCidrs = DeploymentConfig.stringMap(context.apply("vpcCidrs"));
        for (int i = 0; i < regions.size(); i++) {
            cidrs.put(regions.get(i), explicitCidrs.getOrDefault(regions.get(i), "10." + (40 + i) + ".0.0/16"));
        }
        unknownRegions("vpcCidrs", explicitCidrs, regions);
        Map<String, String> octetOwner = new LinkedHashMap<>();
        cidrs.forEach((region, cidr) -> {
            var m = CIDR16.matcher(cidr);
            if (!m.matches() || Integer.parseInt(m.group(1)) > 255) {
                throw new InfraConfigException("vpcCidrs: " + region + " must be a 10.x.0.0/16 block, got " + cidr);
            }
            String other = octetOwner.putIfAbsent(m.group(1), region);
            if (other != null) {
                throw new InfraConfigException("vpcCidrs: " + region + " and " + other + " overlap (" + cidr
                        + "); peered VPCs need disjoint CIDRs");
            }
        });

        String rawEndpoints = DeploymentConfig.string(context.apply("leaderboardEndpoints"));
        Optional<Map<String, String>> endpoints = Optional.empty();
        boolean regionalOnly = REGIONAL.equals(rawEndpoints);
        // Absent is fine for the local-emulator target (no service stacks); requireEndpointsDecision() checks.
        if (rawEndpoints != null && !rawEndpoints.isBlank() && !regionalOnly) {
            Map<String, String> parsed = DeploymentConfig.stringMap(rawEndpoints);
            unknownRegions("leaderboardEndpoints", parsed, regions);
            List<String> missing = new ArrayList<>(regions);
            missing.removeAll(parsed.keySet());
            if (!missing.isEmpty()) {
                throw new InfraConfigException("leaderboardEndpoints must name every region's Redis (global rank reads"
                        + " every shard); missing: " + missing + ". Read them from SSM " + ENDPOINT_PARAMETER
                        + " in each region after the first deploy (infra/leaderboard-context.sh)");
            }
            parsed.forEach((region, uri) -> {
                if (!ENDPOINT.matcher(uri).matches()) {
                    throw new InfraConfigException("leaderboardEndpoints: " + region + " must be rediss://<host>:"
                            + REDIS_PORT + " (TLS, the stacks' Redis port), got " + uri);
                }
            });
            endpoints = Optional.of(Map.copyOf(parsed));
        }

        Map<String, String> vpcIds = DeploymentConfig.stringMap(context.apply("peerVpcIds"));
        unknownRegions("peerVpcIds", vpcIds, regions);
        vpcIds.forEach((region, id) -> {
            if (!VPC_ID.matcher(id).matches()) {
                throw new InfraConfigException("peerVpcIds: " + region + " is not a VPC id: " + id);
            }
        });
        Map<String, String> pcx = DeploymentConfig.stringMap(context.apply("vpcPeeringConnectionIds"));
        pcx.forEach((pair, id) -> {
            String[] ab = pair.split(":", 2);
            if (ab.length != 2
                    || !regions.contains(ab[0])
                    || !regions.contains(ab[1])
                    || regions.indexOf(ab[0]) >= regions.indexOf(ab[1])) {
                throw new InfraConfigException("vpcPeeringConnectionIds: expected <requester>:<accepter>=pcx-... with"
                        + " the requester listed before the accepter in 'regions' " + regions + ", got " + pair);
            }
            if (!PCX_ID.matcher(id).matches()) {
                throw new InfraConfigException("vpcPeeringConnectionIds: " + pair + " is not a pcx id: " + id);
            }
        });
        String secretName = Optional.ofNullable(DeploymentConfig.string(context.apply("redisAuthSecretName")))
                .orElse("bluemarble/leaderboard-redis-auth");
        return new LeaderboardNetwork(
                Map.copyOf(cidrs), endpoints, regionalOnly, Map.copyOf(vpcIds), Map.copyOf(pcx), secretName);
    }

    /**
     * Fails early when the service stacks would be synthesized without a decision about cross-region leaderboard
     * endpoints: silently deploying regional-only endpoints would make global ranks quietly wrong.
     */
    public void requireEndpointsDecision() {
        if (endpoints.isEmpty() && !regionalOnly) {
            throw new InfraConfigException("context 'leaderboardEndpoints' is required for the service stacks:"
                    + " first deploy with -c leaderboardEndpoints=" + REGIONAL
                    + " (each region sees only its own Redis),"
                    + " then with every region's endpoint from SSM " + ENDPOINT_PARAMETER
                    + ", e.g. -c leaderboardEndpoints=us-east-1=rediss://<host>:" + REDIS_PORT
                    + ",eu-west-1=... (infra/leaderboard-context.sh prints it; see infra/README.md)");
        }
    }

    /** The pcx id of a pair, whichever order the regions are given in. */
    public Optional<String> peeringConnectionId(String requester, String accepter) {
        return Optional.ofNullable(peeringConnectionIds.get(requester + ":" + accepter));
    }

    private static void unknownRegions(String key, Map<String, String> values, List<String> regions) {
        for (String region : values.keySet()) {
            if (!regions.contains(region)) {
                throw new InfraConfigException(key + " names " + region + ", which is not in 'regions' " + regions);
            }
        }
    }
}
