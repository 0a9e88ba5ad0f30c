#!/usr/bin/env bash
# Deploy smoke test against a local AWS emulator, with the pinned CDK CLI (infra/package.json).
#
# Deploys what the emulator supports — the storage stacks (snapshot queue + DLQ, table, buckets) and the
# backup-replica stacks of every region — by running `cdk deploy --all` with the app in its
# `target=local-emulator` mode: only those stacks, synthesized without a bootstrap stack (legacy
# synthesizer, inline templates; they have no assets). Lambda, VPC, ElastiCache and the HTTP API are not
# deployed: moto's CloudFormation does not implement them (LocalStack's free tier only partly).
# Then infra/deploy-local-check.py compares the live resources with localstack/resources.json.
#
#   AWS_ENDPOINT_URL set    -> deploys into that emulator (e.g. LocalStack on http://localhost:4566)
#   AWS_ENDPOINT_URL unset  -> starts `moto_server` on a free loopback port, and stops it at the end
#                              (KEEP_EMULATOR=1 leaves it running and prints its URL)
#
# Needs: node + npm (for the pinned CLI), Java 17+ (the CDK app), python3 with boto3 (the check; moto
# installs boto3). No AWS account or credentials are used: dummy credentials are set for the emulator.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
infra="$root/infra"
regions="${REGIONS:-us-east-1,eu-west-1,ap-southeast-1}"

if [[ ! -x "$infra/node_modules/.bin/cdk" ]]; then
  echo "deploy-local: installing the pinned CDK CLI (npm ci in infra/)"
  (cd "$infra" && npm ci --no-audit --no-fund --loglevel=error)
fi

started_pid=""
cleanup() {
  if [[ -n "$started_pid" && -z "${KEEP_EMULATOR:-}" ]]; then
    kill "$started_pid" 2>/dev/null || true
    wait "$started_pid" 2>/dev/null || true
  fi
  [[ -n "${outdir:-}" ]] && rm -rf "$outdir"
  return 0
}
trap cleanup EXIT

if [[ -z "${AWS_ENDPOINT_URL:-}" ]]; then
  command -v moto_server >/dev/null || { echo "deploy-local: set AWS_ENDPOINT_URL or install moto (pip install 'moto[server]')"; exit 2; }
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  moto_log="$(mktemp)"
  moto_server -H 127.0.0.1 -p "$port" >"$moto_log" 2>&1 &
  started_pid=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do
    curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break
    kill -0 "$started_pid" 2>/dev/null || { cat "$moto_log"; echo "deploy-local: moto_server exited"; exit 1; }
    sleep 0.2
  done
  echo "deploy-local: started moto_server (pid $started_pid) at $AWS_ENDPOINT_URL"
else
  echo "deploy-local: using the emulator at $AWS_ENDPOINT_URL"
fi

# Dummy credentials: the emulator accepts anything, and no real account is ever contacted.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
unset AWS_PROFILE AWS_SESSION_TOKEN
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"

# The emulator's own account id (moto: 123456789012, LocalStack: 000000000000); bucket names contain it.
account="$(python3 -c 'import boto3; print(boto3.client("sts").get_caller_identity()["Account"])')"
echo "deploy-local: account $account, regions $regions"

outdir="$(mktemp -d)"
cd "$infra/cdk"
"$infra/node_modules/.bin/cdk" deploy --all \
  -c target=local-emulator -c "account=$account" -c "regions=$regions" \
  --require-approval never --no-notices --progress events -o "$outdir"

IFS=',' read -r -a region_list <<<"$regions"
python3 "$infra/deploy-local-check.py" "$root/localstack/resources.json" "$account" "${region_list[@]}"

if [[ -n "$started_pid" && -n "${KEEP_EMULATOR:-}" ]]; then
  echo "deploy-local: moto_server left running at $AWS_ENDPOINT_URL (pid $started_pid)"
fi
