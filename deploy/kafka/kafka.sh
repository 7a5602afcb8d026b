#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, no ZooKeeper, no Docker) on localhost, from the
# broker's own jars on Maven Central, for `make run` with KAFKA_BOOTSTRAP_SERVERS and for `make bench`.
#
#   deploy/kafka/kafka.sh start | stop | status
#
# Environment (all optional):
#   KAFKA_PORT        PLAINTEXT port (9092); the controller listens on KAFKA_PORT+1
#   KAFKA_DATA_DIR    log dirs, server.log and the pid file (./data/kafka)
#   KAFKA_PARTITIONS  partitions of auto-created topics (4)
#   KAFKA_HEAP        broker heap (512m)
#   MVN               Maven command (mvn -B)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="$((PORT + 1))"
DATA_DIR="$(mkdir -p "${KAFKA_DATA_DIR:-./data/kafka}" && cd "${KAFKA_DATA_DIR:-./data/kafka}" && pwd)"
PARTITIONS="${KAFKA_PARTITIONS:-4}"
HEAP="${KAFKA_HEAP:-512m}"
MVN="${MVN:-mvn -B}"
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/server.log"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/umr"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
CLASSPATH_FILE="$CACHE_DIR/kafka-$VERSION.classpath"

running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null; then
        echo "$pid"
    else
        return 1
    fi
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The broker classpath, resolved once by Maven (offline first: ~/.m2 usually has it already).
resolve_classpath() {
    if [[ -s "$CLASSPATH_FILE" ]] && all_jars_exist; then
        return
    fi
    mkdir -p "$CACHE_DIR"
    echo "resolving the Kafka $VERSION broker jars with Maven ..."
    local args=(-q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime
        "-Dmdep.outputFile=$CLASSPATH_FILE")
    $MVN -o "${args[@]}" >/dev/null 2>&1 || $MVN "${args[@]}"
}

all_jars_exist() {
    local jar
    IFS=: read -r -a jars < "$CLASSPATH_FILE"
    for jar in "${jars[@]}"; do
        [[ -f "$jar" ]] || return 1
    done
}

write_config() {
    sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
        -e "s|@LOG_DIR@|$DATA_DIR/logs|g" -e "s|@PARTITIONS@|$PARTITIONS|g" \
        "$HERE/server.properties" > "$DATA_DIR/server.properties"
}

# KRaft storage must be formatted once with a cluster id; a formatted dir keeps its id across restarts.
format_storage() {
    [[ -f "$DATA_DIR/logs/meta.properties" ]] && return
    local cp cluster
    cp="$(cat "$CLASSPATH_FILE")"
    cluster="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster" -c "$DATA_DIR/server.properties" >/dev/null
    echo "formatted KRaft storage in $DATA_DIR/logs (cluster $cluster)"
}

start() {
    local pid
    if pid="$(running_pid)"; then
        echo "Kafka is already running (pid $pid) on localhost:$PORT"
        return 0
    fi
    if port_open "$PORT"; then
        echo "localhost:$PORT is taken by another process; set KAFKA_PORT" >&2
        return 1
    fi
    resolve_classpath
    write_config
    format_storage
    : > "$LOG_FILE"
    # setsid: the broker outlives this script and make; the pid file is how we find it again
    setsid java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
        -cp "$(cat "$CLASSPATH_FILE")" kafka.Kafka "$DATA_DIR/server.properties" \
        >> "$LOG_FILE" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PID_FILE"
    for _ in $(seq 1 120); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "Kafka exited during start; the end of $LOG_FILE:" >&2
            tail -20 "$LOG_FILE" >&2
            rm -f "$PID_FILE"
            return 1
        fi
        if port_open "$PORT" && grep -q "Kafka Server started" "$LOG_FILE"; then
            echo "Kafka $VERSION started (pid $pid) on localhost:$PORT; data and server.log in $DATA_DIR"
            return 0
        fi
        sleep 0.5
    done
    echo "Kafka did not report 'Kafka Server started' within 60 s; see $LOG_FILE (pid $pid left running)" >&2
    return 1
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        echo "Kafka is not running (no live pid in $PID_FILE)"
        rm -f "$PID_FILE"
        return 0
    fi
    # SIGTERM lets the broker shut down cleanly (it flushes and writes its clean-shutdown marker)
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            echo "Kafka stopped (pid $pid)"
            return 0
        fi
        sleep 0.5
    done
    echo "Kafka (pid $pid) did not stop within 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
}

status() {
    local pid
    if pid="$(running_pid)"; then
        echo "Kafka is running (pid $pid) on localhost:$PORT"
    else
        echo "Kafka is not running"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
