#!/usr/bin/env bash
# wrk load test: protected vs unprotected hello servlet in embedded Jetty 12, on loopback.
#
# For each algorithm (HS256, RS256, ES256) x verified-token cache (off, on) the script starts two fresh
# HelloServer JVMs (dev.jwtauthfilter.benchmarks.HelloServer in benchmarks/target/benchmarks.jar): one
# with no filter (unprotected) and one with JwtAuthFilter in front of /hello (protected). wrk sends the
# same request to both, including the same `Authorization: Bearer <token>` header, so the only
# difference between the two is the filter. After one warm-up run on each server, it alternates
# measured runs (U P, P U, U P, ... so that drift hits both sides equally), takes the median req/s of
# each side and reports protected / unprotected as the throughput ratio (target: >= 0.90).
#
# Every run must answer 2xx only: any "Non-2xx or 3xx responses" (e.g. a 401 from an expired or
# rejected token) or socket error in wrk's output aborts the script. Before measuring, the script
# also checks that the protected server answers 401 without the token and 200 with it.
#
# Machine: the servers and wrk share the same CPUs and nothing is pinned. On a 2-core machine this is
# a whole-system measurement: whatever CPU the filter takes is taken from both Jetty and wrk. The
# default is `wrk -t1 -c32`: one wrk event-loop thread needs much less CPU per request than Jetty
# (which parses the request and runs the servlet stack), so it is not the bottleneck, and a second wrk
# thread would only compete with Jetty's selector and worker threads for the 2 cores. The script also
# records the CPU time per request of the server process and of wrk (from /proc and `times`), which
# shows where the CPU went and gives the filter's in-situ cost per request (protected minus unprotected
# server CPU) independently of how the cores are shared. Run it on an otherwise idle machine.
#
# Output: a markdown table on stdout and in <out>/results.md (with the machine, JDK and wrk
# arguments), <out>/results.csv (one row per configuration), <out>/runs.csv (every measured run) and
# an SVG chart of the ratios (default docs/benchmarks-wrk.svg, by benchmarks/wrk/chart.py).
#
# Usage: benchmarks/wrk/run.sh [options]           (from anywhere; paths are relative to the repo root)
#   -d, --duration S     seconds per measured run (default 20)
#   -r, --rounds N       measured runs per side and configuration (default 3)
#   -w, --warmup S       seconds of the warm-up run on each server (default 15)
#   -t, --threads N      wrk threads (default 1, see above)
#   -c, --connections N  wrk connections (default 32)
#       --algs LIST      comma-separated, default HS256,RS256,ES256
#       --cache LIST     comma-separated, default off,on
#       --java PATH      java binary (default $JAVA_HOME/bin/java, else java on the PATH)
#       --jvm-opts OPTS  JVM options of both servers (default "-Xms512m -Xmx512m")
#       --out DIR        where results.csv, results.md and runs.csv go (default benchmarks/wrk)
#       --svg PATH       the chart (default docs/benchmarks-wrk.svg); --no-chart to skip it
#       --rebuild        rebuild benchmarks/target/benchmarks.jar even if it exists
#
# Full measurement (about 16 minutes with the defaults: 6 configurations x (2 x 15 s warm-up +
# 2 x 3 x 20 s) plus JVM start-ups):
#   benchmarks/wrk/run.sh
# Smoke run (a few seconds per configuration, figures meaningless, writes outside the repo):
#   benchmarks/wrk/run.sh -d 2 -w 1 -r 1 --out /tmp/wrk-smoke --svg /tmp/wrk-smoke/chart.svg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

DURATION=20
ROUNDS=3
WARMUP=15
THREADS=1
CONNECTIONS=32
ALGS="HS256,RS256,ES256"
CACHES="off,on"
JAVA_BIN=""
JVM_OPTS="-Xms512m -Xmx512m"
OUT="benchmarks/wrk"
SVG="docs/benchmarks-wrk.svg"
CHART=1
REBUILD=0
TARGET=0.90

die() { echo "run.sh: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    -d|--duration) DURATION="$2"; shift 2 ;;
    -r|--rounds) ROUNDS="$2"; shift 2 ;;
    -w|--warmup) WARMUP="$2"; shift 2 ;;
    -t|--threads) THREADS="$2"; shift 2 ;;
    -c|--connections) CONNECTIONS="$2"; shift 2 ;;
    --algs) ALGS="$2"; shift 2 ;;
    --cache) CACHES="$2"; shift 2 ;;
    --java) JAVA_BIN="$2"; shift 2 ;;
    --jvm-opts) JVM_OPTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --svg) SVG="$2"; shift 2 ;;
    --no-chart) CHART=0; shift ;;
    --rebuild) REBUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
for n in "$DURATION" "$ROUNDS" "$WARMUP" "$THREADS" "$CONNECTIONS"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] || die "durations, rounds, threads and connections must be positive integers"
done
[[ "$CONNECTIONS" -ge "$THREADS" ]] || die "wrk needs at least one connection per thread"
if [[ -z "$JAVA_BIN" ]]; then
  if [[ -n "${JAVA_HOME:-}" ]]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java)" || die "no java"; fi
fi
"$JAVA_BIN" -version >/dev/null 2>&1 || die "cannot run $JAVA_BIN"

# --- tools -----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found: installing the Debian package" >&2
  if [[ "$(id -u)" -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y wrk >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } \
    || die "could not install wrk (apt-get install -y wrk)"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed (chart and HTTP checks)"

JAR="benchmarks/target/benchmarks.jar"
if [[ "$REBUILD" -eq 1 || ! -f "$JAR" ]]; then
  echo "building $JAR" >&2
  mvn -B -q -DskipTests -DskipITs package -pl benchmarks -am >&2 || die "build failed"
fi
[[ -f "$JAR" ]] || die "$JAR missing after the build"

mkdir -p "$OUT" "$(dirname "$SVG")"
WORK="$(mktemp -d -t wrk-bench.XXXXXX)"
SERVER_PIDS=()
cleanup() {
  local p
  for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLK_TCK="$(getconf CLK_TCK)"
IFS=',' read -r -a ALG_LIST <<<"$ALGS"
IFS=',' read -r -a CACHE_LIST <<<"$CACHES"
for a in "${ALG_LIST[@]}"; do [[ "$a" =~ ^(HS256|RS256|ES256)$ ]] || die "unknown algorithm: $a"; done
for c in "${CACHE_LIST[@]}"; do [[ "$c" =~ ^(on|off)$ ]] || die "cache must be on or off: $c"; done

PER_CONFIG=$(( 2 * WARMUP + 2 * ROUNDS * DURATION ))
CONFIGS=$(( ${#ALG_LIST[@]} * ${#CACHE_LIST[@]} ))
# the token must outlive a configuration's runs (each configuration gets new servers and a new token)
TTL=$(( PER_CONFIG + 300 > 900 ? PER_CONFIG + 300 : 900 ))
JAVA_VERSION="$("$JAVA_BIN" -version 2>&1 | head -1)"
WRK_VERSION="$({ wrk -v 2>&1 || true; } | head -1 | awk '{print $1, $2}')"
CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
WRK_ARGS="-t$THREADS -c$CONNECTIONS -d${DURATION}s"
echo "wrk $WRK_ARGS, $ROUNDS rounds per side after a ${WARMUP}s warm-up, $CONFIGS configurations:" \
  "about $(( (CONFIGS * (PER_CONFIG + 6) + 59) / 60 )) min" >&2
echo "$(nproc) CPUs ($CPU_MODEL), $JAVA_VERSION, $WRK_VERSION" >&2

# --- helpers ---------------------------------------------------------------------------------------
# start_server NAME MODE CACHE: starts a HelloServer, waits for "ready"; sets $PID, $URL, $TOKEN
start_server() {
  local name="$1" mode="$2" cache="$3" log="$WORK/$1-$2-$3.out" i
  rm -f "$log" # the background start truncates it only later: no stale "ready" from a previous server
  # shellcheck disable=SC2086  # JVM_OPTS is a list of options
  "$JAVA_BIN" $JVM_OPTS -cp "$JAR" dev.jwtauthfilter.benchmarks.HelloServer "$mode" "cache=$cache" "ttl=$TTL" \
    >"$log" 2>"$log.err" &
  PID=$!
  SERVER_PIDS+=("$PID")
  for ((i = 0; i < 600; i++)); do
    grep -qx ready "$log" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$log.err" >&2; die "server $name ($mode) died at start"; }
    sleep 0.1
  done
  grep -qx ready "$log" || die "server $name ($mode) not ready after 60 s"
  URL="$(sed -n 's/^url=//p' "$log")"
  TOKEN="$(sed -n 's/^token=//p' "$log")"
}

stop_server() {
  local pid="$1" p keep=()
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${SERVER_PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
  SERVER_PIDS=("${keep[@]+"${keep[@]}"}")
}

# http_status URL [TOKEN]: prints the HTTP status of one GET
http_status() {
  python3 - "$@" <<'EOF'
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2:
    req.add_header("Authorization", "Bearer " + sys.argv[2])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
try:
    with opener.open(req, timeout=10) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
EOF
}

# cpu_ticks PID: user+system clock ticks of a process so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# children_cpu VAR: sets VAR to the user+system seconds of this shell's finished children so far (wrk's
# CPU time, once it has exited). `times` must run in this shell, not in a $(...) subshell.
children_cpu() {
  times >"$WORK/times"
  printf -v "$1" '%s' "$(tail -1 "$WORK/times" | awk '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f", t }')"
}

# run_wrk LABEL SECONDS PID: one wrk run against $URL with $TOKEN on the server PID; sets $RPS,
# $REQUESTS, $SERVER_US (server CPU us/request) and $WRK_US (wrk CPU us/request). Aborts on any
# non-2xx response or socket error.
run_wrk() {
  local label="$1" seconds="$2" pid="$3" out="$WORK/wrk.out" t0 t1 c0 c1
  t0="$(cpu_ticks "$pid")"
  children_cpu c0
  wrk "-t$THREADS" "-c$CONNECTIONS" "-d${seconds}s" -H "Authorization: Bearer $TOKEN" "$URL" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed ($label)"; }
  children_cpu c1
  t1="$(cpu_ticks "$pid")"
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    cat "$out" >&2
    die "$label: the server answered non-2xx responses (401 = token rejected?): the figures would be meaningless"
  fi
  if grep -q 'Socket errors' "$out"; then
    cat "$out" >&2
    die "$label: socket errors during the run"
  fi
  RPS="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  REQUESTS="$(awk '/ requests in / {print $1}' "$out")"
  [[ -n "$RPS" && -n "$REQUESTS" && "$REQUESTS" -gt 0 ]] || { cat "$out" >&2; die "$label: cannot read wrk's output"; }
  SERVER_US="$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v n="$REQUESTS" 'BEGIN {printf "%.1f", (b - a) / hz / n * 1e6}')"
  WRK_US="$(awk -v a="$c0" -v b="$c1" -v n="$REQUESTS" 'BEGIN {printf "%.1f", (b - a) / n * 1e6}')"
}

# measure SIDE ROUND SECONDS: one run on one side of the current configuration; round 0 is the warm-up
# (printed, not recorded)
measure() {
  local side="$1" round="$2" seconds="$3" pid
  if [[ "$side" == U ]]; then URL="$U_URL"; pid="$U_PID"; else URL="$P_URL"; pid="$P_PID"; fi
  TOKEN="$P_TOKEN"
  run_wrk "$config $side round $round" "$seconds" "$pid"
  printf '   %-11s %-8s %12s req/s  server %7s µs/req  wrk %6s µs/req\n' \
    "$([[ $side == U ]] && echo unprotected || echo protected)" \
    "$([[ $round == 0 ]] && echo warm-up || echo "round $round")" "$RPS" "$SERVER_US" "$WRK_US" >&2
  [[ "$round" == 0 ]] && return
  echo "$alg,$cache,$round,$([[ $side == U ]] && echo unprotected || echo protected),$RPS,$REQUESTS,$SERVER_US,$WRK_US" >>"$RUNS_CSV"
  W_CPU+=("$WRK_US")
  if [[ "$side" == U ]]; then U_RPS+=("$RPS"); U_CPU+=("$SERVER_US"); else P_RPS+=("$RPS"); P_CPU+=("$SERVER_US"); fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v p="$1" -v u="$2" 'BEGIN {printf "%.3f", p / u}'; }

# --- measurement -----------------------------------------------------------------------------------
RUNS_CSV="$OUT/runs.csv"
RESULTS_CSV="$OUT/results.csv"
echo "algorithm,cache,round,side,req_per_s,requests,server_cpu_us_per_req,wrk_cpu_us_per_req" >"$RUNS_CSV"
echo "algorithm,cache,unprotected_rps,protected_rps,ratio,ratio_min,ratio_max,unprotected_server_cpu_us,protected_server_cpu_us,filter_cpu_us,wrk_cpu_us,rounds,duration_s,wrk_args" >"$RESULTS_CSV"
TABLE="$WORK/table.md"
{
  echo "| configuration | unprotected req/s | protected req/s | ratio (target >= $TARGET) | per-round ratios | server CPU µs/req unprotected → protected | filter CPU µs/req | target |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
} >"$TABLE"

for alg in "${ALG_LIST[@]}"; do
  mode="$(tr '[:upper:]' '[:lower:]' <<<"$alg")"
  for cache in "${CACHE_LIST[@]}"; do
    config="$alg cache $cache"
    echo "== $config" >&2
    start_server unprotected none off
    U_PID="$PID"; U_URL="$URL"
    start_server protected "$mode" "$cache"
    P_PID="$PID"; P_URL="$URL"; P_TOKEN="$TOKEN"
    [[ -n "$P_TOKEN" ]] || die "no token from the protected server"
    [[ "$(http_status "$P_URL")" == 401 ]] || die "$config: the protected server does not answer 401 without a token"
    [[ "$(http_status "$P_URL" "$P_TOKEN")" == 200 ]] || die "$config: the protected server rejects its own token"
    [[ "$(http_status "$U_URL" "$P_TOKEN")" == 200 ]] || die "$config: the unprotected server does not answer 200"

    U_RPS=(); P_RPS=(); U_CPU=(); P_CPU=(); W_CPU=(); RATIOS=()
    measure U 0 "$WARMUP"
    measure P 0 "$WARMUP"
    for ((round = 1; round <= ROUNDS; round++)); do
      if ((round % 2)); then measure U "$round" "$DURATION"; measure P "$round" "$DURATION"
      else measure P "$round" "$DURATION"; measure U "$round" "$DURATION"; fi
      RATIOS+=("$(ratio "${P_RPS[-1]}" "${U_RPS[-1]}")")
    done
    stop_server "$P_PID"
    stop_server "$U_PID"

    u="$(median "${U_RPS[@]}")"; p="$(median "${P_RPS[@]}")"; r="$(ratio "$p" "$u")"
    rmin="$(printf '%s\n' "${RATIOS[@]}" | sort -g | head -1)"; rmax="$(printf '%s\n' "${RATIOS[@]}" | sort -g | tail -1)"
    ucpu="$(median "${U_CPU[@]}")"; pcpu="$(median "${P_CPU[@]}")"; wcpu="$(median "${W_CPU[@]}")"
    fcpu="$(awk -v a="$pcpu" -v b="$ucpu" 'BEGIN {printf "%.1f", a - b}')"
    met="$(awk -v r="$r" -v t="$TARGET" 'BEGIN {print (r >= t) ? "met" : "**missed**"}')"
    echo "$alg,$cache,$u,$p,$r,$rmin,$rmax,$ucpu,$pcpu,$fcpu,$wcpu,$ROUNDS,$DURATION,$WRK_ARGS" >>"$RESULTS_CSV"
    printf '| %s, cache %s | %.0f | %.0f | %s | %s-%s | %.1f → %.1f | %s | %s |\n' \
      "$alg" "$cache" "$u" "$p" "$r" "$rmin" "$rmax" "$ucpu" "$pcpu" "$fcpu" "$met" >>"$TABLE"
    echo "   median: unprotected $u req/s, protected $p req/s, ratio $r (per round $rmin-$rmax)" >&2
  done
done

# --- report ----------------------------------------------------------------------------------------
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
  echo "wrk on loopback against embedded Jetty 12 (HelloServer), $(date -u +%Y-%m-%dT%H:%MZ), commit $COMMIT"
  echo
  echo "- machine: $(nproc) CPUs ($CPU_MODEL), $(uname -sr); wrk and both servers share them, nothing pinned"
  echo "- JDK: $JAVA_VERSION; server JVM options: $JVM_OPTS"
  echo "- load: $WRK_VERSION \`wrk $WRK_ARGS -H 'Authorization: Bearer <token>'\` (same header on both sides)"
  echo "- per configuration: 2 fresh server JVMs, ${WARMUP} s warm-up each, then $ROUNDS alternating runs per side; medians"
  echo "- ratio = median protected req/s / median unprotected req/s; per-round ratios: each round's pair"
  echo "- server CPU: CPU time of the server process per request (medians); filter CPU = protected - unprotected;" \
    "wrk used a median $(median "$(tail -n +2 "$RESULTS_CSV" | cut -d, -f11)") µs of CPU per request"
  echo
  cat "$TABLE"
} >"$OUT/results.md"
echo >&2
cat "$OUT/results.md"

if [[ "$CHART" -eq 1 ]]; then
  python3 benchmarks/wrk/chart.py "$RESULTS_CSV" "$SVG" --target "$TARGET" \
    --subtitle "wrk $WRK_ARGS on loopback; $(nproc) CPUs shared by wrk and Jetty, nothing pinned; ${JAVA_VERSION//\"/}; medians of $ROUNDS runs per side" \
    || die "chart failed"
  echo >&2
  echo "wrote $RESULTS_CSV, $RUNS_CSV, $OUT/results.md and $SVG" >&2
else
  echo "wrote $RESULTS_CSV, $RUNS_CSV and $OUT/results.md" >&2
fi
