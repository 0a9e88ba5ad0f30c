#!/usr/bin/env bash
# Prints the CDK context that connects every region's leaderboard functions to every region's Redis
# (infra/README.md, "Leaderboards across regions"). Reads what the service stacks publish to SSM in each
# region and the VPC peering connections between their VPCs. Needs AWS credentials for the account.
#
#   infra/leaderboard-context.sh [regions]          # default: us-east-1,eu-west-1,ap-southeast-1
#   infra/leaderboard-context.sh --accept [regions] # also accepts peering connections pending acceptance
#
# Output: -c arguments for `npx cdk deploy --all`, e.g.
#   -c leaderboardEndpoints=us-east-1=rediss://...:6380,... -c peerVpcIds=... -c vpcPeeringConnectionIds=...
set -euo pipefail

accept=false
if [[ "${1:-}" == "--accept" ]]; then accept=true; shift; fi
IFS=',' read -r -a regions <<< "${1:-us-east-1,eu-west-1,ap-southeast-1}"

endpoints=(); vpc_ids=(); declare -A vpc
for r in "${regions[@]}"; do
  e="$(aws ssm get-parameter --region "$r" --name /bluemarble/leaderboard/redis-endpoint --query Parameter.Value --output text)"
  v="$(aws ssm get-parameter --region "$r" --name /bluemarble/network/vpc-id --query Parameter.Value --output text)"
  endpoints+=("$r=$e"); vpc_ids+=("$r=$v"); vpc[$r]="$v"
done

# Requester = the region listed first of each pair (the service stacks use the same rule).
pcx=()
for ((i = 0; i < ${#regions[@]}; i++)); do
  for ((j = i + 1; j < ${#regions[@]}; j++)); do
    a="${regions[i]}"; b="${regions[j]}"
    read -r id status < <(aws ec2 describe-vpc-peering-connections --region "$a" \
      --filters "Name=requester-vpc-info.vpc-id,Values=${vpc[$a]}" "Name=accepter-vpc-info.vpc-id,Values=${vpc[$b]}" \
      --query 'VpcPeeringConnections[?Status.Code!=`deleted` && Status.Code!=`rejected`]|[0].[VpcPeeringConnectionId,Status.Code]' \
      --output text) || true
    if [[ -z "${id:-}" || "$id" == "None" ]]; then
      echo "note: no peering $a -> $b yet (deploy with -c peerVpcIds=... first)" >&2
      continue
    fi
    if [[ "$status" == "pending-acceptance" ]]; then
      if $accept; then
        aws ec2 accept-vpc-peering-connection --region "$b" --vpc-peering-connection-id "$id" >/dev/null
        echo "accepted $id in $b" >&2
      else
        echo "note: $id ($a -> $b) is pending acceptance: rerun with --accept, or accept it in $b" >&2
      fi
    fi
    pcx+=("$a:$b=$id")
  done
done

join() { local IFS=,; echo "$*"; }
peer_ids=("${vpc_ids[@]:1}") # the first region never accepts, so its VPC id is not needed
printf -- '-c leaderboardEndpoints=%s -c peerVpcIds=%s' "$(join "${endpoints[@]}")" "$(join "${peer_ids[@]}")"
if ((${#pcx[@]} > 0)); then printf -- ' -c vpcPeeringConnectionIds=%s' "$(join "${pcx[@]}")"; fi
echo
