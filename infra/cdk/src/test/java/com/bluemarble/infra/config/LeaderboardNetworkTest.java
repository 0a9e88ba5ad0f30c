package com.bluemarble.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cross-region leaderboard context: disjoint CIDRs, every region's endpoint, and no silent regional mode. */
class LeaderboardNetworkTest {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");
    private static final String ALL = "us-east-1=rediss://a.cache.amazonaws.com:6380,"
            + "eu-west-1=rediss://b.cache.amazonaws.com:6380,ap-southeast-1=rediss://c.cache.amazonaws.com:6380";

    private static LeaderboardNetwork parse(Map<String, Object> context) {
        return LeaderboardNetwork.fromContext(context::get, REGIONS);
    }

    private static Map<String, Object> with(String... kv) {
        Map<String, Object> context = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) context.put(kv[i], kv[i + 1]);
        return context;
    }

    @Test
    void defaultCidrsAreDisjointPerRegionAndOverlapsAreRefused() {
        assertThat(parse(with()).vpcCidrs())
                .isEqualTo(Map.of(
                        "us-east-1", "10.40.0.0/16", "eu-west-1", "10.41.0.0/16", "ap-southeast-1", "10.42.0.0/16"));
        assertThat(parse(with("vpcCidrs", "eu-west-1=10.50.0.0/16")).vpcCidrs())
                .containsEntry("eu-west-1", "10.50.0.0/16");
        assertThatThrownBy(() -> parse(with("vpcCidrs", "eu-west-1=10.40.0.0/16")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> parse(with("vpcCidrs", "eu-west-1=192.168.0.0/24")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("10.x.0.0/16");
        assertThatThrownBy(() -> parse(with("vpcCidrs", "sa-east-1=10.60.0.0/16")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("not in 'regions'");
    }

    @Test
    void withoutADecisionTheServiceStacksRefuseToSynthesize() {
        LeaderboardNetwork absent = parse(with());
        assertThatThrownBy(absent::requireEndpointsDecision)
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("leaderboardEndpoints=regional")
                .hasMessageContaining("/bluemarble/leaderboard/redis-endpoint");
        LeaderboardNetwork regional = parse(with("leaderboardEndpoints", "regional"));
        regional.requireEndpointsDecision();
        assertThat(regional.regionalOnly()).isTrue();
        assertThat(regional.endpoints()).isEmpty();
        LeaderboardNetwork all = parse(with("leaderboardEndpoints", ALL));
        all.requireEndpointsDecision();
        assertThat(all.endpoints().orElseThrow())
                .hasSize(3)
                .containsEntry("eu-west-1", "rediss://b.cache.amazonaws.com:6380");
    }

    @Test
    void endpointsMustNameEveryRegionOverTlsOnTheRedisPort() {
        assertThatThrownBy(() -> parse(with("leaderboardEndpoints", "us-east-1=rediss://a.example:6380")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("missing: [eu-west-1, ap-southeast-1]");
        assertThatThrownBy(() -> parse(with("leaderboardEndpoints", ALL.replace("rediss://b", "redis://b"))))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("eu-west-1 must be rediss://");
        assertThatThrownBy(() -> parse(with("leaderboardEndpoints", ALL.replace(":6380,eu", ":6379,eu"))))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("us-east-1 must be rediss://");
        assertThatThrownBy(() -> parse(with("leaderboardEndpoints", ALL + ",sa-east-1=rediss://d.example:6380")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("not in 'regions'");
    }

    @Test
    void peeringIdsAreCheckedAndKeyedRequesterFirst() {
        LeaderboardNetwork network = parse(with(
                "peerVpcIds", "eu-west-1=vpc-0123456789abcdef0",
                "vpcPeeringConnectionIds", "us-east-1:eu-west-1=pcx-0123456789abcdef0"));
        assertThat(network.peerVpcIds()).containsEntry("eu-west-1", "vpc-0123456789abcdef0");
        assertThat(network.peeringConnectionId("us-east-1", "eu-west-1")).contains("pcx-0123456789abcdef0");
        assertThatThrownBy(() -> parse(with("peerVpcIds", "eu-west-1=subnet-1234")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("not a VPC id");
        assertThatThrownBy(() -> parse(with("vpcPeeringConnectionIds", "eu-west-1:us-east-1=pcx-0123456789abcdef0")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("requester listed before the accepter");
        assertThatThrownBy(() -> parse(with("vpcPeeringConnectionIds", "us-east-1:eu-west-1=vpc-0123456789abcdef0")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("not a pcx id");
    }

    @Test
    void theAuthSecretIsSharedByNameAndOverridable() {
        assertThat(parse(with()).authSecretName()).isEqualTo("bluemarble/leaderboard-redis-auth");
        assertThat(parse(with("redisAuthSecretName", "x/y")).authSecretName()).isEqualTo("x/y");
    }
}
