#!/usr/bin/env bash
# Synthesizes every region's CloudFormation templates into infra/cdk/cdk.out/ — no AWS credentials,
# no network (beyond Maven Central the first time the build fetches its dependencies).
#
# It runs the CDK app's main class directly (not the CDK CLI): the app reads cdk.json and the committed
# lookups in cdk.context.json itself, targets the fixed dummy account 111111111111 (the account the
# committed availability-zone lookups are recorded for), runs cdk-nag and the CDK template validation,
# and fails on any finding. Extra key=value arguments are passed on as CDK context, e.g.
#   infra/synth.sh regions=us-east-1,eu-west-1
# Each function's code is its family's deployment package, functions/packages/<family>/target/*-aws.jar
# (docs/packaging.md); BLUEMARBLE_FUNCTION_JAR=<jar> deploys every function from that one jar instead.
# If a package has not been built, a clearly named placeholder stands in for it: the templates
# are then for inspection only, never for deployment (the synthesis output says so).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cdk_dir="$root/infra/cdk"
families=(economy snapshots leaderboards storage backups)

args=("account=${BLUEMARBLE_SYNTH_ACCOUNT:-111111111111}")
missing=()
if [[ -n "${BLUEMARBLE_FUNCTION_JAR:-}" ]]; then
  echo "synth: every function's code from $BLUEMARBLE_FUNCTION_JAR"
  args+=("functionJar=$BLUEMARBLE_FUNCTION_JAR")
  [[ -f "$BLUEMARBLE_FUNCTION_JAR" ]] || missing+=("$BLUEMARBLE_FUNCTION_JAR")
else
  for family in "${families[@]}"; do
    jar="$root/functions/packages/$family/target/bluemarble-package-$family-0.1.0-SNAPSHOT-aws.jar"
    [[ -f "$jar" ]] || missing+=("${jar#"$root/"}")
  done
  ((${#missing[@]})) || echo "synth: function code from the packages functions/packages/{$(IFS=,; echo "${families[*]}")}"
fi
if ((${#missing[@]})); then
  echo "synth: not built: ${missing[*]}; using placeholder function code (templates are NOT deployable)"
  echo "       build the packages with: ./mvnw -B package -DskipTests -pl $(printf 'functions/packages/%s,' "${families[@]}" | sed 's/,$//') -am"
  args+=("allowPlaceholderFunctionCode=true")
fi
# The service stacks need a decision about cross-region leaderboard endpoints (infra/README.md); offline
# synthesis defaults to the first-phase value unless one is passed.
if [[ " $* " != *" leaderboardEndpoints="* ]]; then
  args+=("leaderboardEndpoints=regional")
fi
args+=("$@")

# jsii (the bridge from Java to the CDK's JavaScript core) prints a large banner on node 20, which it
# no longer supports; synthesis works. Upgrade node to 22+ to get rid of this override.
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$node_major"

rm -rf "$cdk_dir/cdk.out"
export CDK_OUTDIR="$cdk_dir/cdk.out"
cd "$cdk_dir"
"$root/mvnw" -q -f pom.xml compile exec:java -Dexec.args="${args[*]}"

echo "synth: templates:"
ls -1 "$CDK_OUTDIR"/*.template.json | sed "s|^$root/|  |"
