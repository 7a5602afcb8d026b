#!/usr/bin/env bash
# A/B of the service's garbage collector on the reads at 1M patients (the kept data of the 8701618 quiet-box run).
# Each config: start UMR on the data, warm up JSON reads 60 s, measure JSON 20 s (+5 s warm-up) at 1000 req/s;
# warm up FHIR 40 s, measure FHIR 20 s (+5). Distinct seeds per config (cold reads as in the bench).
set -uo pipefail
cd /tmp/ci-main
W=/tmp/ci-main/target/bench-work/20261203T064728
JAR=target/quarkus-app/quarkus-run.jar
TOOLS=tools/target/umr-tools.jar
PORT=18080; URL=http://localhost:$PORT
OUT=/tmp/gc-ab; mkdir -p $OUT
run() { # name seedbase java-opts...
    local name=$1 seed=$2; shift 2
    env UMR_DATA_DIR="$W/data" QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT+1)) \
        java -Xmx1g "$@" -Xlog:gc*:file=$OUT/$name.gc.log -jar $JAR > $OUT/$name.log 2>&1 &
    local pid=$!
    for _ in $(seq 1 180); do curl -sf $URL/q/health/ready >/dev/null && break; sleep 1; done
    export UMR_TOKEN="$(UMR_DATA_DIR=$W/data java -jar $JAR token --ttl 86400)"
    for kind in api fhir; do
        nice -n -5 java -Xmx2g -jar $TOOLS bench-load read --url $URL --patients $W/scaled-patients.csv --rate 1000 \
            --seconds $([[ $kind == api ]] && echo 60 || echo 40) --warmup-seconds 0 --kind $kind --seed $((seed + 100)) \
            --json $OUT/warm.json > /dev/null 2>&1
        local j0; j0=$(awk '{print $14+$15}' /proc/$pid/stat)
        nice -n -5 java -Xmx2g -jar $TOOLS bench-load read --url $URL --patients $W/scaled-patients.csv --rate 1000 \
            --seconds 20 --warmup-seconds 5 --kind $kind --seed $seed --json $OUT/$name-$kind.json 2>&1 | grep "reads $kind" | sed "s/^/$name /"
        local j1; j1=$(awk '{print $14+$15}' /proc/$pid/stat)
        echo "$name $kind: UMR JVM CPU $(( (j1 - j0) )) ticks over 25 s"
    done
    kill $pid; wait $pid 2>/dev/null
}
run g1a 1001
run zgc 2001 -XX:+UseZGC
run shen 3001 -XX:+UseShenandoahGC
run g1b 4001
run zgc2 5001 -XX:+UseZGC
