#!/usr/bin/env python3
"""Draws the wrk throughput ratios (protected / unprotected) as an SVG bar chart, standard library only.

Usage: chart.py RESULTS_CSV OUT_SVG [--target 0.90] [--title TEXT] [--subtitle TEXT]

RESULTS_CSV is benchmarks/wrk/results.csv as written by run.sh: one row per configuration with the columns
algorithm, cache, ratio, ratio_min, ratio_max (others are ignored). Bars are grouped by algorithm, one bar
per cache setting, with the range of the per-round ratios as a whisker and the target as a dashed line.
"""

import argparse
import csv
import sys
from xml.sax.saxutils import escape

COLORS = {"off": "#9aa5b1", "on": "#2f6db5"}
OTHER_COLOR = "#6b8e23"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("svg")
    parser.add_argument("--target", type=float, default=0.90)
    parser.add_argument(
        "--title",
        default="Throughput kept behind JwtAuthFilter: protected / unprotected hello servlet (wrk, embedded Jetty 12)")
    parser.add_argument("--subtitle", default="")
    args = parser.parse_args(argv)

    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("chart.py: no rows in " + args.csv)

    groups = []  # [(algorithm, [row, ...])] in file order
    for row in rows:
        if not groups or groups[-1][0] != row["algorithm"]:
            groups.append((row["algorithm"], []))
        groups[-1][1].append(row)
    caches = []
    for row in rows:
        if row["cache"] not in caches:
            caches.append(row["cache"])

    def num(row, key, default):
        try:
            return float(row[key])
        except (KeyError, TypeError, ValueError):
            return default

    top = max([1.0, args.target] + [num(r, "ratio_max", 0) for r in rows] + [num(r, "ratio", 0) for r in rows])
    top = int(top * 10 + 0.999) / 10.0  # round up to a tenth

    bar_w, bar_gap, group_gap = 72, 12, 72
    left, right, top_m, bottom = 70, 30, 78, 70
    plot_h = 320
    group_w = [len(g[1]) * bar_w + (len(g[1]) - 1) * bar_gap for g in groups]
    plot_w = sum(group_w) + group_gap * (len(groups) + 1)
    # rough text widths (Helvetica averages about 0.5 em per character) so that no title is clipped
    text_w = max(len(args.title) * 15 * 0.53, len(args.subtitle) * 12 * 0.49) + 20 + right
    width = int(max(left + plot_w + right, 720, text_w))
    plot_w = width - left - right
    height = top_m + plot_h + bottom

    def y(v):
        return top_m + plot_h - v / top * plot_h

    out = []
    add = out.append
    add('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">' % (width, height, width, height))
    add('<rect width="100%" height="100%" fill="white"/>')
    add('<text x="%d" y="24" font-size="15" font-weight="bold">%s</text>' % (left - 50, escape(args.title)))
    if args.subtitle:
        add('<text x="%d" y="44" fill="#555">%s</text>' % (left - 50, escape(args.subtitle)))

    # grid and axis
    steps = int(round(top / 0.1))
    for i in range(steps + 1):
        v = i * 0.1
        yy = y(v)
        add('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1"/>'
            % (left, yy, left + plot_w, yy, "#333" if i == 0 else "#e5e5e5"))
        if i % 2 == 0 or steps <= 10:
            add('<text x="%d" y="%.1f" text-anchor="end" fill="#333">%.1f</text>' % (left - 8, yy + 4, v))
    add('<text transform="translate(18,%d) rotate(-90)" text-anchor="middle" fill="#333">'
        'protected / unprotected req/s</text>' % (top_m + plot_h / 2))

    # bars
    extra = (plot_w - sum(group_w) - group_gap * (len(groups) - 1)) / 2.0
    x = left + extra
    for (alg, grows), gw in zip(groups, group_w):
        for i, row in enumerate(grows):
            bx = x + i * (bar_w + bar_gap)
            r = num(row, "ratio", 0)
            color = COLORS.get(row["cache"], OTHER_COLOR)
            add('<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%s, cache %s: %.3f</title></rect>'
                % (bx, y(r), bar_w, y(0) - y(r), color, escape(alg), escape(row["cache"]), r))
            lo, hi = num(row, "ratio_min", r), num(row, "ratio_max", r)
            if hi > lo:
                cx = bx + bar_w / 2.0
                add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" stroke-width="1.2"/>'
                    % (cx, y(hi), cx, y(lo)))
                for v in (lo, hi):
                    add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" stroke-width="1.2"/>'
                        % (cx - 6, y(v), cx + 6, y(v)))
            label_y = min(y(r), y(hi)) - 6
            add('<text x="%.1f" y="%.1f" text-anchor="middle" font-weight="bold">%.2f</text>'
                % (bx + bar_w / 2.0, label_y, r))
            add('<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">cache %s</text>'
                % (bx + bar_w / 2.0, y(0) + 16, escape(row["cache"])))
        add('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="14" font-weight="bold">%s</text>'
            % (x + gw / 2.0, y(0) + 38, escape(alg)))
        x += gw + group_gap

    # target line
    ty = y(args.target)
    add('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c62828" stroke-width="1.5" stroke-dasharray="6,4"/>'
        % (left, ty, left + plot_w, ty))
    add('<text x="%d" y="%.1f" text-anchor="end" fill="#c62828">target %.2f</text>'
        % (left + plot_w, ty - 5, args.target))

    # legend
    lx = left
    ly = height - 14
    for cache in caches:
        add('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (lx, ly - 10, COLORS.get(cache, OTHER_COLOR)))
        add('<text x="%d" y="%d">verified-token cache %s</text>' % (lx + 18, ly, escape(cache)))
        lx += 190
    add('<text x="%d" y="%d" fill="#555">whiskers: range of the per-round ratios</text>' % (lx, ly))
    add('</svg>')

    with open(args.svg, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
