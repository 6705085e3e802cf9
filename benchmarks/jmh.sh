#!/usr/bin/env bash
# Runs the per-token benchmarks in ONE JMH run and prints the markdown tables (medians, errors,
# ratios to the raw HMAC-SHA256 floor, the filter against java-jwt and Spring's NimbusJwtDecoder,
# the issue-6 targets) plus an SVG chart of the ratios:
#   CryptoFloorBenchmark  raw Mac / Signature on the token's signing input (the floor)
#   FilterPathBenchmark   JwtAuthFilter.doFilter, HS256/RS256/ES256, cold and warm cache
#   PeerBenchmark         NimbusJwtDecoder, nimbus-jose-jwt, jjwt, java-jwt on the same tokens
#
# usage: benchmarks/jmh.sh [--smoke] [--gc] [--rebuild] [--java PATH] [--out FILE.json] [-- JMH args...]
#   --smoke      1 fork, 1 x 200 ms warm-up, 1 x 200 ms measurement: proves it runs, numbers meaningless
#   --gc         add -prof gc: allocation per operation (gc.alloc.rate.norm) in the tables
#   --rebuild    rebuild the jar even if it looks up to date
#   --java PATH  the java binary to run (and fork) with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   --out FILE   JSON result file (default benchmarks/target/jmh-results.json); the markdown and the
#                chart go beside it (same name, .md and .svg)
#   -- ...       everything after is passed to JMH, e.g. -- -p alg=HS256
# The full run (annotations: 2 forks x (5 x 1 s warm-up + 5 x 1 s measurement), 21 benchmarks)
# takes about 8-9 minutes. Run it on an otherwise idle machine; JMH allows one run at a time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
out="$here/target/jmh-results.json"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
smoke=0
gc=0
rebuild=0
extra=()

while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=1 ;;
        --gc) gc=1 ;;
        --rebuild) rebuild=1 ;;
        --java) java="$2"; shift ;;
        --out) out="$2"; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# Build when the jar is missing or older than any source or POM it is made from, so that a
# change in the filter is never measured with a stale jar.
if [ "$rebuild" = 0 ] && [ -f "$jar" ]; then
    newer="$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    if [ -n "$newer" ]; then
        echo "jmh.sh: $newer is newer than the jar: rebuilding" >&2
        rebuild=1
    fi
elif [ ! -f "$jar" ]; then
    rebuild=1
fi
if [ "$rebuild" = 1 ]; then
    echo "jmh.sh: building $jar" >&2
    (cd "$root" && mvn -B -q -DskipTests -DskipITs package -pl benchmarks -am)
fi

# -foe: a benchmark whose set-up check fails stops the run instead of leaving a hole in the table
args=('\.(CryptoFloorBenchmark|FilterPathBenchmark|PeerBenchmark)\.' -foe true -rf json -rff "$out")
if [ "$smoke" = 1 ]; then
    args+=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
fi
if [ "$gc" = 1 ]; then
    args+=(-prof gc)
fi
args+=("${extra[@]+"${extra[@]}"}")

mkdir -p "$(dirname "$out")"
base="${out%.json}"
echo "jmh.sh: $java -jar $jar ${args[*]}" >&2
set +e
"$java" -jar "$jar" "${args[@]}" 2>&1 | tee "$base.log"
status="${PIPESTATUS[0]}"
set -e
if [ "$status" != 0 ]; then
    echo "jmh.sh: JMH failed (exit $status), see $base.log" >&2
    exit "$status"
fi
if grep -q '<failure>' "$base.log"; then
    echo "jmh.sh: at least one benchmark failed (see <failure> in $base.log)" >&2
    exit 1
fi

echo
python3 "$here/jmh-report.py" "$out" --svg "$base.svg" | tee "$base.md"
echo >&2
echo "jmh.sh: results $out, tables $base.md, chart $base.svg, log $base.log" >&2
