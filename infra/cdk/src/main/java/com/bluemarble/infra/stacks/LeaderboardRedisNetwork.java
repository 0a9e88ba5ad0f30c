package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.LeaderboardNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.CfnVPCPeeringConnection;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The leaderboards' network in one region: the VPC (functions subnets with NAT, isolated Redis subnets, gateway
 * endpoints, flow logs), ElastiCache Redis and its security groups, peering and routes to the other regions, and
 * the SSM parameters the next deploy phase reads.
 */
public final class LeaderboardRedisNetwork extends Construct {

    /** Not 6379: fewer drive-by scans; access is gated by security group, TLS and AUTH regardless. */
    public static final int REDIS_PORT = LeaderboardNetwork.REDIS_PORT;
    /** ElastiCache parameter group family of engine version 7.x. */
    public static final String REDIS_PARAMETER_FAMILY = "redis7";
    /**
     * Ended seasons' keys expire (the app sets a TTL of retention); freeing big sorted sets in the background keeps
     * an expiry from blocking the single Redis thread.
     */
    public static final Map<String, String> REDIS_PARAMETERS = Map.of("lazyfree-lazy-expire", "yes");

    private final Vpc vpc;
    private final SecurityGroup functionsSecurityGroup;
    private final SecurityGroup redisSecurityGroup;
    private final CfnSubnetGroup redisSubnetGroup;
    private final CfnReplicationGroup redis;
    private final CfnParameterGroup redisParameters;
    private final ISecret redisAuthToken;
    private final Map<String, CfnVPCPeeringConnection> peeringConnections = new LinkedHashMap<>();
    private final String leaderboardEndpoints;

    public LeaderboardRedisNetwork(Construct scope, String id, DeploymentConfig config, IKey logsKey) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String region = stack.getRegion();
        LeaderboardNetwork network = config.leaderboard();

        // Redis needs a VPC, and the functions that talk to it must be inside. NAT gateways (one per AZ, so losing
        // an AZ does not cut egress) because backupCreate reaches Spanner on googleapis.com and every in-VPC
        // function reads its secrets from Secrets Manager. S3 and DynamoDB go through free gateway endpoints so
        // bulk backup traffic never pays NAT processing.
        LogGroup flowLogs = LogGroup.Builder.create(this, "VpcFlowLogs")
                .retention(RetentionDays.ONE_MONTH)
                .encryptionKey(logsKey)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(network.vpcCidrs().get(region)))
                .maxAzs(2)
                .natGateways(2)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("Public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("Functions")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("Redis")
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24)
                                .build()))
                .gatewayEndpoints(Map.of(
                        "S3",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.S3)
                                        .build(),
                        "DynamoDb",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                                        .build()))
                .flowLogs(Map.of(
                        "AllTraffic",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                                .trafficType(FlowLogTrafficType.ALL)
                                .build()))
                .restrictDefaultSecurityGroup(true)
                .build();

        functionsSecurityGroup = SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
                .vpc(vpc)
                .description("Lambda functions that use Redis; egress to Redis, AWS APIs and Spanner")
                .allowAllOutbound(true)
                .build();
        redisSecurityGroup = SecurityGroup.Builder.create(this, "RedisSecurityGroup")
                .vpc(vpc)
                .description("ElastiCache Redis; reachable only from the functions security group")
                .allowAllOutbound(false)
                .build();
        redisSecurityGroup
                .getConnections()
                .allowFrom(functionsSecurityGroup, Port.tcp(REDIS_PORT), "Redis from BlueMarble functions");
        // Global rank reads every region's shard: the other regions' functions come in over VPC peering.
        for (String peer : config.regions()) {
            if (!peer.equals(region)) {
                redisSecurityGroup.addIngressRule(
                        Peer.ipv4(network.vpcCidrs().get(peer)),
                        Port.tcp(REDIS_PORT),
                        "Redis from BlueMarble functions in " + peer + " (VPC peering)");
            }
        }
        peerWithOtherRegions(config, network, region, stack.getAccount());

        // Multi-AZ replication group (cluster mode off: one shard, one replica in the other AZ). One AUTH token for
        // every region's Redis (a function authenticates to all shards with one secret): an ops-created secret of
        // the same name and value in every region.
        redisAuthToken = Secret.fromSecretNameV2(this, "RedisAuthToken", network.authSecretName());
        redisParameters = CfnParameterGroup.Builder.create(this, "RedisParameters")
                .cacheParameterGroupFamily(REDIS_PARAMETER_FAMILY)
                .description("BlueMarble leaderboards: lazy freeing of expired season keys")
                .properties(REDIS_PARAMETERS)
                .build();
        redisSubnetGroup = CfnSubnetGroup.Builder.create(this, "RedisSubnetGroup")
                .description("Isolated subnets of the BlueMarble leaderboard Redis")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder()
                                .subnetGroupName("Redis")
                                .build())
                        .getSubnetIds())
                .build();
        redis = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("BlueMarble leaderboards (" + region + ")")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType(config.redisNodeType())
                .numCacheClusters(2)
                .automaticFailoverEnabled(true)
                .multiAzEnabled(true)
                .atRestEncryptionEnabled(true)
                .transitEncryptionEnabled(true)
                // A CloudFormation dynamic reference: the token never appears in the template.
                .authToken(SecretValue.secretsManager(network.authSecretName()).unsafeUnwrap())
                .cacheParameterGroupName(redisParameters.getRef())
                .port(REDIS_PORT)
                .cacheSubnetGroupName(redisSubnetGroup.getRef())
                .securityGroupIds(List.of(redisSecurityGroup.getSecurityGroupId()))
                .snapshotRetentionLimit(7)
                .autoMinorVersionUpgrade(true)
                .build();
        String redisEndpoint =
                "rediss://" + redis.getAttrPrimaryEndPointAddress() + ":" + redis.getAttrPrimaryEndPointPort();
        // Published for the other regions' deploys (phase 2): infra/leaderboard-context.sh reads them.
        StringParameter.Builder.create(this, "RedisEndpointParameter")
                .parameterName(LeaderboardNetwork.ENDPOINT_PARAMETER)
                .description("rediss:// endpoint of the BlueMarble leaderboard Redis in " + region)
                .stringValue(redisEndpoint)
                .build();
        StringParameter.Builder.create(this, "VpcIdParameter")
                .parameterName(LeaderboardNetwork.VPC_ID_PARAMETER)
                .description(
                        "VPC of the BlueMarble functions and Redis in " + region + " (peered with the other regions)")
                .stringValue(vpc.getVpcId())
                .build();
        CfnOutput.Builder.create(this, "RedisEndpoint").value(redisEndpoint).build();

        // BLUEMARBLE_LEADERBOARD_ENDPOINTS: every region's shard, this region's from its own Redis.
        List<String> endpointPairs = new ArrayList<>();
        for (String r : config.regions()) {
            if (r.equals(region)) {
                endpointPairs.add(r + "=" + redisEndpoint);
            } else {
                network.endpoints().ifPresent(all -> endpointPairs.add(r + "=" + all.get(r)));
            }
        }
        leaderboardEndpoints = String.join(",", endpointPairs);
        if (network.regionalOnly() && config.regions().size() > 1) {
            Annotations.of(stack)
                    .addWarningV2(
                            "bluemarble:regionalLeaderboards",
                            "leaderboardEndpoints=regional: functions in " + region
                                    + " see only this region's Redis, so global"
                                    + " ranks are incomplete. Deploy again with every region's endpoint (infra/README.md).");
        }
    }

    /**
     * Inter-region VPC peering for the leaderboards. Of each pair of regions, the one listed first requests the
     * connection (once the peer's VPC id is known: -c peerVpcIds) and the other routes back (once the connection
     * id is known: -c vpcPeeringConnectionIds). Both route the peer's CIDR from the functions' and Redis subnets.
     */
    private void peerWithOtherRegions(
            DeploymentConfig config, LeaderboardNetwork network, String region, String account) {
        List<ISubnet> subnets = new ArrayList<>(vpc.selectSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .getSubnets());
        subnets.addAll(vpc.selectSubnets(
                        SubnetSelection.builder().subnetGroupName("Redis").build())
                .getSubnets());
        int own = config.regions().indexOf(region);
        for (int i = 0; i < config.regions().size(); i++) {
            String peer = config.regions().get(i);
            if (i == own) continue;
            String pcxId = null;
            if (own < i) {
                String peerVpcId = network.peerVpcIds().get(peer);
                if (peerVpcId == null) continue;
                CfnVPCPeeringConnection pcx = CfnVPCPeeringConnection.Builder.create(this, "Peering-" + peer)
                        .vpcId(vpc.getVpcId())
                        .peerVpcId(peerVpcId)
                        .peerRegion(peer)
                        .peerOwnerId(account)
                        .build();
                peeringConnections.put(peer, pcx);
                pcxId = pcx.getRef();
            } else {
                pcxId = network.peeringConnectionId(peer, region).orElse(null);
                if (pcxId == null) continue;
            }
            for (int s = 0; s < subnets.size(); s++) {
                CfnRoute.Builder.create(this, "RouteTo-" + peer + "-" + s)
                        .routeTableId(subnets.get(s).getRouteTable().getRouteTableId())
                        .destinationCidrBlock(network.vpcCidrs().get(peer))
                        .vpcPeeringConnectionId(pcxId)
                        .build();
            }
        }
    }

    public Vpc vpc() {
        return vpc;
    }

    public SecurityGroup functionsSecurityGroup() {
        return functionsSecurityGroup;
    }

    public SecurityGroup redisSecurityGroup() {
        return redisSecurityGroup;
    }

    public CfnSubnetGroup redisSubnetGroup() {
        return redisSubnetGroup;
    }

    public CfnReplicationGroup redis() {
        return redis;
    }

    public CfnParameterGroup redisParameters() {
        return redisParameters;
    }

    public ISecret redisAuthToken() {
        return redisAuthToken;
    }

    public Map<String, CfnVPCPeeringConnection> peeringConnections() {
        return peeringConnections;
    }

    /** The value of BLUEMARBLE_LEADERBOARD_ENDPOINTS (with tokens for this region's own Redis). */
    public String leaderboardEndpoints() {
        return leaderboardEndpoints;
    }
}
