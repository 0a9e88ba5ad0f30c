#!/usr/bin/env bash
# Cold start to the first response with and without traces, three variants alternated (docs/operations.md, "Traces"):
#   none  - no exporter configured (spans are no-ops)
#   sdk   - the app's in-process OpenTelemetry SDK exporting OTLP/HTTP (what the CDK app deploys)
#   agent - the ADOT Java agent 1.32.0 (what the ADOT agent layer runs) with the layer's settings, exporting OTLP
# Both exporting variants send to an OTLP sink started here and run under a sampled X-Ray header, as in Lambda.
# The event is terrainGet answered 400 before any store call: Spring, the handler and the tracing only.
# JVM: C1 + Serial GC, no class-data archive. Needs the single jar and the bench jar:
#   ./mvnw -q -B package -DskipTests -pl functions/bench -am
# Usage: functions/bench/scripts/traces-coldstart.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-5}
jar=functions/app/target/bluemarble-app-0.1.0-SNAPSHOT-aws.jar
bench=functions/bench/target/bluemarble-bench-0.1.0-SNAPSHOT.jar
agent=$HOME/.m2/repository/software/amazon/opentelemetry/aws-opentelemetry-agent/1.32.0/aws-opentelemetry-agent-1.32.0.jar
[ -f "$agent" ] || ./mvnw -q -B dependency:get -Dartifact=software.amazon.opentelemetry:aws-opentelemetry-agent:1.32.0 -Dtransitive=false
work=$(mktemp -d)
trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" > "$work/sink.log" <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        print("POST", self.path, flush=True)
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
sink=$!
sleep 1
cat > "$work/event.json" <<'JSON'
{"version":"2.0","routeKey":"POST /terrain/get","rawPath":"/terrain/get","headers":{"content-type":"application/json"},"requestContext":{"http":{"method":"POST","path":"/terrain/get"}},"body":"{\"world\":\"earth\"}","isBase64Encoded":false}
JSON
header="Root=1-$(printf '%x' "$(date +%s)")-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"

first_response_ms() { # $1 = variant
  local flags=() vars=(AWS_LAMBDA_FUNCTION_NAME=bluemarble-terrainGet BLUEMARBLE_TERRAIN_BUCKET=unused "_X_AMZN_TRACE_ID=$header")
  case $1 in
    sdk) vars+=("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:$port/v1/traces") ;;
    agent)
      flags=("-javaagent:$agent")
      vars+=(OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED=false OTEL_INSTRUMENTATION_OPENTELEMETRY_API_ENABLED=true
        OTEL_INSTRUMENTATION_AWS_LAMBDA_ENABLED=true OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
        "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$port" OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none) ;;
  esac
  local start
  start=$(date +%s%N)
  echo | env "${vars[@]}" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "${flags[@]}" \
    -DMAIN_CLASS=com.bluemarble.functions.app.BlueMarbleFunctionsApplication \
    -Dspring.cloud.function.definition=terrainGet -cp "$jar:$bench" \
    com.bluemarble.functions.bench.ColdStartDriver "$work/event.json" 2>/dev/null |
    while read -r line; do
      case $line in FIRST-RESPONSE*) echo $((($(date +%s%N) - start) / 1000000)); break ;; esac
    done
}

declare -A times
for ((i = 1; i <= runs; i++)); do
  for variant in none sdk agent; do
    ms=$(first_response_ms $variant)
    times[$variant]+="$ms "
    echo "run $i $variant ${ms} ms"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=$(echo "${times[none]}" | median)
for variant in none sdk agent; do
  m=$(echo "${times[$variant]}" | median)
  awk -v v=$variant -v m="$m" -v b="$base" 'BEGIN {printf "%-5s median %6.0f ms  %+5.1f%%\n", v, m, (m / b - 1) * 100}'
done
exports=$(grep -c POST "$work/sink.log" || true)
echo "OTLP exports received: $exports (expected $((2 * runs)): one per traced run)"
[ "$exports" -ge $((2 * runs)) ]
