#!/usr/bin/env python3
"""Turns a JMH JSON result (jmh.sh, -rf json) into markdown tables, and optionally an SVG chart.

Reads the results of CryptoFloorBenchmark, FilterPathBenchmark and PeerBenchmark from one run and
prints, per algorithm, median time per token with JMH's error, the ratio to the raw HMAC-SHA256
floor and to the algorithm's own raw-crypto floor, the allocation per operation when the run used
-prof gc, then the filter's ratios to the peers and the issue-6 targets. Anything else in the file
is listed as is at the end. Python 3 standard library only.

usage: jmh-report.py RESULTS.json [--svg CHART.svg]
"""

import argparse
import json
import math
import sys

PKG = "dev.jwtauthfilter.benchmarks."
ALGS = ["HS256", "RS256", "ES256"]
FLOOR = {
    "HS256": ("CryptoFloorBenchmark.hmacSha256", "floor: raw HMAC-SHA256 (`Mac`)"),
    "RS256": ("CryptoFloorBenchmark.rsa2048Verify", "floor: raw RSA-2048 verify (`Signature`)"),
    "ES256": ("CryptoFloorBenchmark.ecdsaP256Verify", "floor: raw ECDSA P-256 verify (`Signature`)"),
}
# (key, label); key is (benchmark without package, cache param or None)
ROWS = [
    (("FilterPathBenchmark.doFilter", "cold"), "**our filter, cold** (no cache)"),
    (("FilterPathBenchmark.doFilter", "warm"), "**our filter, warm** (cache hit)"),
    (("PeerBenchmark.javaJwt", None), "java-jwt alone (`JWTVerifier.verify`)"),
    (("PeerBenchmark.springNimbusJwtDecoder", None), "Spring Security `NimbusJwtDecoder`"),
    (("PeerBenchmark.nimbus", None), "nimbus-jose-jwt (`SignedJWT` + verifier + claims)"),
    (("PeerBenchmark.jjwt", None), "jjwt (`parseSignedClaims`)"),
]
TO_MICROS = {"ns/op": 1e-3, "us/op": 1.0, "\u00b5s/op": 1.0, "ms/op": 1e3, "s/op": 1e6}


def num(value):
    """JMH writes NaN as the string "NaN" (e.g. the error of a single iteration)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


class Result:
    def __init__(self, entry):
        pm = entry["primaryMetric"]
        self.unit = pm["scoreUnit"]
        factor = TO_MICROS.get(self.unit)
        self.timed = factor is not None
        factor = factor or 1.0
        self.median = num(pm["scorePercentiles"]["50.0"]) * factor
        self.mean = num(pm["score"]) * factor
        self.error = num(pm["scoreError"]) * factor
        self.samples = sum(len(fork) for fork in pm.get("rawData", []))
        secondary = {k.lstrip("\u00b7"): v for k, v in entry.get("secondaryMetrics", {}).items()}
        alloc = secondary.get("gc.alloc.rate.norm")
        self.alloc = num(alloc["score"]) if alloc else None

    def low(self):
        return self.median - (0 if math.isnan(self.error) else self.error)

    def high(self):
        return self.median + (0 if math.isnan(self.error) else self.error)


def fmt_time(us):
    if math.isnan(us):
        return "n/a"
    if us >= 100:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:.1f}"
    if us >= 1:
        return f"{us:.2f}"
    return f"{us:.3f}"


def fmt_ratio(r):
    if r is None or math.isnan(r):
        return "n/a"
    if r >= 100:
        return f"{r:,.0f}\u00d7"
    if r >= 10:
        return f"{r:.1f}\u00d7"
    return f"{r:.2f}\u00d7"


def ratio(a, b):
    if a is None or b is None or b.median == 0:
        return None
    return a.median / b.median


def ratio_range(a, b):
    """Lowest and highest ratio the error bars allow (median +- error on each side)."""
    if a is None or b is None:
        return None, None
    lo = a.low() / b.high() if b.high() > 0 else math.nan
    hi = a.high() / b.low() if b.low() > 0 else math.inf
    return lo, hi


def verdict(a, b, limit):
    """Is a/b <= limit? "yes", "NO", or "within error" when the error bars straddle the limit."""
    r = ratio(a, b)
    if r is None:
        return "not measured"
    lo, hi = ratio_range(a, b)
    if hi <= limit:
        return "yes"
    if lo > limit:
        return "**NO**"
    return "yes (within error)" if r <= limit else "**no** (within error)"


def load(path):
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    results, others, meta = {}, [], None
    for e in entries:
        name = e["benchmark"]
        short = name[len(PKG):] if name.startswith(PKG) else name
        params = e.get("params", {})
        meta = meta or e
        key = (short, params.get("alg"), params.get("cache"))
        if short.split(".")[0] in ("CryptoFloorBenchmark", "FilterPathBenchmark", "PeerBenchmark"):
            results[key] = Result(e)
        else:
            others.append((short, params, Result(e)))
    return results, others, meta


def get(results, bench, alg, cache=None):
    if bench.startswith("CryptoFloorBenchmark"):
        return results.get((bench, None, None))
    return results.get((bench, alg, cache))


def report(results, others, meta, out):
    w = out.write
    if meta is None:
        w("No results.\n")
        return
    forks = meta.get("forks")
    w(f"JMH {meta.get('jmhVersion')}, {meta.get('vmName')} {meta.get('vmVersion')} "
      f"(`{meta.get('jvm')}`), {forks} fork(s) \u00d7 {meta.get('measurementIterations')} \u00d7 "
      f"{meta.get('measurementTime')} after {meta.get('warmupIterations')} \u00d7 "
      f"{meta.get('warmupTime')} warm-up, 1 thread.\n\n")
    have_alloc = any(r.alloc is not None for r in results.values())
    hmac = get(results, FLOOR["HS256"][0], None)

    w("Time per token (per request for the filter): median of all measurement iterations, "
      "\u00b1 JMH's 99.9 % confidence half-width of the mean; ratios are of medians.\n\n")
    head = "| measured | alg | median, \u00b5s/op | \u00b1 error | \u00d7 raw HMAC floor | \u00d7 own-alg floor |"
    rule = "|---|---|---:|---:|---:|---:|"
    if have_alloc:
        head += " alloc, B/op |"
        rule += "---:|"
    w(head + "\n" + rule + "\n")
    for alg in ALGS:
        floor_key, floor_label = FLOOR[alg]
        floor = get(results, floor_key, alg)
        rows = [(floor_label, floor)]
        rows += [(label, get(results, bench, alg, cache)) for (bench, cache), label in ROWS]
        for label, r in rows:
            if r is None:
                continue
            line = (f"| {label} | {alg} | {fmt_time(r.median)} | {fmt_time(r.error)} | "
                    f"{fmt_ratio(ratio(r, hmac))} | {fmt_ratio(ratio(r, floor))} |")
            if have_alloc:
                line += f" {'' if r.alloc is None else f'{r.alloc:,.0f}'} |"
            w(line + "\n")
    if have_alloc:
        w("\nAllocation per operation is `gc.alloc.rate.norm` from `-prof gc` (for the filter: "
          "per request, including the servlet stubs' header enumeration).\n")

    if not any(k[0] == "FilterPathBenchmark.doFilter" for k in results):
        report_others(others, w)
        return
    w("\nOur filter against the alternatives (ratios of medians; below 1 means ours is faster):\n\n")
    w("| alg | cold \u00f7 java-jwt alone | cold \u00f7 NimbusJwtDecoder | warm \u00f7 NimbusJwtDecoder "
      "| warm \u00f7 cold | warm \u00f7 raw HMAC floor |\n|---|---:|---:|---:|---:|---:|\n")
    for alg in ALGS:
        cold = get(results, "FilterPathBenchmark.doFilter", alg, "cold")
        warm = get(results, "FilterPathBenchmark.doFilter", alg, "warm")
        java_jwt = get(results, "PeerBenchmark.javaJwt", alg)
        spring = get(results, "PeerBenchmark.springNimbusJwtDecoder", alg)
        w(f"| {alg} | {fmt_ratio(ratio(cold, java_jwt))} | {fmt_ratio(ratio(cold, spring))} | "
          f"{fmt_ratio(ratio(warm, spring))} | {fmt_ratio(ratio(warm, cold))} | "
          f"{fmt_ratio(ratio(warm, hmac))} |\n")

    w("\nIssue-6 targets (\"within error\": the error bars straddle the limit):\n\n")
    w("| target | alg | measured | met? |\n|---|---|---:|---|\n")
    for alg in ALGS:
        warm = get(results, "FilterPathBenchmark.doFilter", alg, "warm")
        w(f"| warm path \u2264 2\u00d7 raw HMAC floor | {alg} | {fmt_ratio(ratio(warm, hmac))} | "
          f"{verdict(warm, hmac, 2.0)} |\n")
    cold_hs = get(results, "FilterPathBenchmark.doFilter", "HS256", "cold")
    java_hs = get(results, "PeerBenchmark.javaJwt", "HS256")
    w(f"| cold HS256 \u2264 1.3\u00d7 java-jwt `verify()` | HS256 | {fmt_ratio(ratio(cold_hs, java_hs))} | "
      f"{verdict(cold_hs, java_hs, 1.3)} |\n")
    for cache in ("cold", "warm"):
        for alg in ALGS:
            ours = get(results, "FilterPathBenchmark.doFilter", alg, cache)
            spring = get(results, "PeerBenchmark.springNimbusJwtDecoder", alg)
            w(f"| {cache} faster than `NimbusJwtDecoder` | {alg} | {fmt_ratio(ratio(ours, spring))} | "
              f"{verdict(ours, spring, 1.0)} |\n")

    report_others(others, w)


def report_others(others, w):
    if others:
        w("\nOther benchmarks in this file:\n\n| benchmark | params | score | \u00b1 error | unit |\n"
          "|---|---|---:|---:|---|\n")
        for short, params, r in others:
            p = ", ".join(f"{k}={v}" for k, v in params.items())
            w(f"| {short} | {p} | {r.mean:,.3f} | {r.error:,.3f} | {r.unit} |\n")


def svg_chart(results, path):
    """Horizontal bars of the ratio to the raw HMAC floor, log scale, grouped by algorithm."""
    hmac = get(results, FLOOR["HS256"][0], None)
    if hmac is None:
        print(f"no HMAC floor in the results: {path} not written", file=sys.stderr)
        return
    bars = []  # (group, label, ratio, lo, hi, kind)
    for alg in ALGS:
        floor_key, _ = FLOOR[alg]
        items = [("raw crypto floor", get(results, floor_key, alg), "floor")]
        items += [
            ("our filter, cold", get(results, "FilterPathBenchmark.doFilter", alg, "cold"), "ours"),
            ("our filter, warm (cache hit)", get(results, "FilterPathBenchmark.doFilter", alg, "warm"), "ours"),
            ("java-jwt alone", get(results, "PeerBenchmark.javaJwt", alg), "peer"),
            ("Spring NimbusJwtDecoder", get(results, "PeerBenchmark.springNimbusJwtDecoder", alg), "peer"),
            ("nimbus-jose-jwt", get(results, "PeerBenchmark.nimbus", alg), "peer"),
            ("jjwt", get(results, "PeerBenchmark.jjwt", alg), "peer"),
        ]
        for label, r, kind in items:
            if r is not None:
                lo, hi = ratio_range(r, hmac)
                bars.append((alg, label, ratio(r, hmac), lo, hi, kind))
    if not bars:
        return
    colors = {"floor": "#9e9e9e", "ours": "#1f77b4", "peer": "#ff7f0e"}
    left, right, row_h, top = 260, 110, 20, 50
    width = 900
    plot_w = width - left - right
    groups = [g for g in ALGS if any(b[0] == g for b in bars)]
    height = top + len(bars) * row_h + len(groups) * 26 + 50
    max_r = max(b[2] for b in bars)
    lo_exp = -1  # 0.1x
    hi_exp = max(1, math.ceil(math.log10(max_r * 1.2)))

    def x(r):
        r = max(r, 10 ** lo_exp)
        return left + (math.log10(r) - lo_exp) / (hi_exp - lo_exp) * plot_w

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold">Time per token, as a multiple of '
           f'raw HMAC-SHA256 ({fmt_time(hmac.median)} \u00b5s), log scale</text>',
           f'<text x="{left}" y="38" fill="#555">blue: our filter; orange: the alternatives; grey: the '
           f'JDK primitive alone. Whiskers: JMH error.</text>']
    y = top
    grid_top = top
    for group in groups:
        y += 18
        out.append(f'<text x="10" y="{y}" font-weight="bold">{group}</text>')
        y += 8
        for g, label, r, lo, hi, kind in bars:
            if g != group:
                continue
            x0, x1 = x(10 ** lo_exp), x(r)
            out.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{esc(label)}</text>')
            out.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 6}" '
                       f'fill="{colors[kind]}"/>')
            if lo is not None and not math.isnan(lo) and math.isfinite(hi):
                out.append(f'<line x1="{x(lo):.1f}" x2="{x(hi):.1f}" y1="{y + row_h / 2}" y2="{y + row_h / 2}" '
                           f'stroke="black"/>')
            out.append(f'<text x="{x1 + 4:.1f}" y="{y + 14}">{esc(fmt_ratio(r))}</text>')
            y += row_h
    grid_bottom = y + 4
    for e in range(lo_exp, hi_exp + 1):
        gx = x(10 ** e)
        label = f"{10 ** e:,}\u00d7" if e >= 0 else f"{10 ** e:g}\u00d7"
        out.append(f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{grid_top}" y2="{grid_bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{grid_bottom + 16}" text-anchor="middle" fill="#555">{label}</text>')
    tx = x(2)
    out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{grid_top}" y2="{grid_bottom}" stroke="#2ca02c" '
               f'stroke-dasharray="4,3"/>')
    out.append(f'<text x="{tx + 3:.1f}" y="{grid_bottom + 32}" fill="#2ca02c">target for warm: 2\u00d7</text>')
    out.append("</svg>")
    # Grid lines were appended last but must sit under the bars: move them to the front.
    body = out[4:-1]
    grid = [s for s in body if 'stroke="#ddd"' in s]
    rest = [s for s in body if 'stroke="#ddd"' not in s]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out[:4] + grid + rest + out[-1:]) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", help="JMH JSON result file (-rf json)")
    ap.add_argument("--svg", help="also write a chart of the ratios to this SVG file")
    args = ap.parse_args()
    results, others, meta = load(args.results)
    report(results, others, meta, sys.stdout)
    if args.svg:
        svg_chart(results, args.svg)
        print(f"\nChart: {args.svg}", file=sys.stderr)


if __name__ == "__main__":
    main()
