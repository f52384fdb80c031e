#!/usr/bin/env python3
"""Helpers for run.sh (stdlib only).

  stats.py freeport [--count C] [--span N] [--tcp-too]
                                             C distinct free 127.0.0.1 ports on one line (free on UDP; with
                                               --tcp-too on TCP as well; with --span N the N-1 ports above
                                               each are free on UDP too); never 5060 or 8080
  stats.py step ...                          one result row (JSON line) from a SIPp step's CSV and log
  stats.py table RESULTS.jsonl               the Markdown table

Timing source: the scenarios log one line per successful call, "T s0 us0 s1 us1 s2 us2" (SIPp's
gettimeofday action, microseconds): s0/us0 just before the request goes out, s1/us1 when the 100 Trying is
processed ("-" for OPTIONS), s2/us2 when the final response is processed. Percentiles are exact
(nearest-rank) over every successful call of the step.
"""
import argparse
import csv
import json
import math
import random
import socket
import sys

FORBIDDEN_PORTS = {5060, 5061, 8080}


def _free(port, kind):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def freeport(args):
    rng = random.Random()
    found, taken = [], set()
    for _ in range(1000):  # bounded
        if len(found) == args.count:
            print(" ".join(str(p) for p in found))
            return 0
        p = rng.randrange(20000, 40000 - args.span)
        ports = range(p, p + args.span)
        if any(q in FORBIDDEN_PORTS or q in taken for q in ports):
            continue
        if not all(_free(q, socket.SOCK_DGRAM) for q in ports):
            continue
        if args.tcp_too and not _free(p, socket.SOCK_STREAM):
            continue
        found.append(p)
        taken.update(ports)
    print("no free port found", file=sys.stderr)
    return 1


def read_stat_csv(path):
    """Last row of a SIPp -trace_stat CSV as a dict (empty when missing)."""
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            rows = [r for r in csv.reader(f, delimiter=";") if r]
    except OSError:
        return {}
    if len(rows) < 2:
        return {}
    header, last = rows[0], rows[-1]
    return {h.strip(): v.strip() for h, v in zip(header, last) if h.strip()}


def as_int(d, key):
    try:
        return int(float(d.get(key, "0") or 0))
    except ValueError:
        return 0


def pct(sorted_values, p):
    """Nearest-rank percentile; None for no data."""
    if not sorted_values:
        return None
    k = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[k - 1]


def read_timings(path):
    trying, final, t_first, t_last = [], [], None, None

    def us(sec, usec):
        return int(float(sec)) * 1_000_000 + int(float(usec))

    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) != 7 or parts[0] != "T":
                    continue
                try:
                    t0 = us(parts[1], parts[2])
                    t2 = us(parts[5], parts[6])
                    if parts[3] != "-":
                        trying.append((us(parts[3], parts[4]) - t0) / 1000.0)
                except ValueError:
                    continue
                final.append((t2 - t0) / 1000.0)
                t_first = t0 if t_first is None else min(t_first, t0)
                t_last = t2 if t_last is None else max(t_last, t2)
    except OSError:
        pass
    trying.sort()
    final.sort()
    return trying, final, t_first, t_last


def step(args):
    st = read_stat_csv(args.stat)
    trying, final, t_first, t_last = read_timings(args.log)
    created = as_int(st, "OutgoingCall(C)")
    ok = as_int(st, "SuccessfulCall(C)")
    failed = as_int(st, "FailedCall(C)")
    # Calls still open when SIPp stopped (global timeout) count as failed too.
    not_ok = max(failed, created - ok)
    span_s = (t_last - t_first) / 1e6 if t_first is not None and t_last > t_first else None
    row = {
        "target": args.target,
        "scenario": args.scenario,
        "offered": args.rate,
        "planned": args.planned,
        "created": created,
        "successful": ok,
        "failed": not_ok,
        "achieved": round(ok / span_s, 1) if span_s else 0.0,
        "failed_pct": round(100.0 * not_ok / created, 2) if created else None,
        "trying_p50": pct(trying, 50),
        "trying_p99": pct(trying, 99),
        "trying_max": trying[-1] if trying else None,
        "final_p50": pct(final, 50),
        "final_p99": pct(final, 99),
        "retrans_sipp": as_int(st, "Retransmissions(C)"),
        "retrans_dozvon": args.dozvon_retrans,
        "unexpected": as_int(st, "FailedUnexpectedMessage(C)"),
        "timeouts": as_int(st, "FailedTimeoutOnRecv(C)") + as_int(st, "FailedMaxUDPRetrans(C)"),
        "dead_call_msgs": as_int(st, "DeadCallMsgs(C)"),
        "out_of_call_msgs": as_int(st, "OutOfCallMsgs(C)"),
        "final_max": final[-1] if final else None,
        "sipp_rc": args.rc,
        "timed": len(final),
    }
    with open(args.out, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return 0


def fmt_ms(v):
    return "–" if v is None else f"{v:.2f}"


def table(args):
    rows = []
    try:
        with open(args.results, encoding="utf-8") as f:
            rows = [json.loads(l) for l in f if l.strip()]
    except OSError:
        pass
    out = [
        "| target | scenario | offered/s | achieved/s | failed % | 100 p50 ms | 100 p99 ms | final p50 ms "
        "| final p99 ms | retrans SIPp | retrans dozvon | SIPp rc |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        fp = "–" if r["failed_pct"] is None else f"{r['failed_pct']:.2f}"
        rd = "–" if r["retrans_dozvon"] is None or r["retrans_dozvon"] < 0 else str(r["retrans_dozvon"])
        out.append(
            f"| {r['target']} | {r['scenario']} | {r['offered']} | {r['achieved']:.0f} | {fp} "
            f"| {fmt_ms(r['trying_p50'])} | {fmt_ms(r['trying_p99'])} | {fmt_ms(r['final_p50'])} "
            f"| {fmt_ms(r['final_p99'])} | {r['retrans_sipp']} | {rd} | {r['sipp_rc']} |"
        )
    if args.details:
        out += [
            "",
            "| target | scenario | offered/s | planned | created | successful | timed | recv timeouts "
            "| unexpected | dead-call msgs | 100 max ms | final max ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in rows:
            out.append(
                f"| {r['target']} | {r['scenario']} | {r['offered']} | {r['planned']} | {r['created']} "
                f"| {r['successful']} | {r['timed']} | {r['timeouts']} | {r['unexpected']} "
                f"| {r.get('dead_call_msgs', 0)} | {fmt_ms(r['trying_max'])} | {fmt_ms(r.get('final_max'))} |"
            )
    print("\n".join(out))
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("freeport")
    p.add_argument("--tcp-too", action="store_true")
    p.add_argument("--span", type=int, default=1)
    p.add_argument("--count", type=int, default=1)
    p.set_defaults(fn=freeport)
    p = sub.add_parser("step")
    p.add_argument("--target", required=True)
    p.add_argument("--scenario", required=True)
    p.add_argument("--rate", type=int, required=True)
    p.add_argument("--planned", type=int, required=True)
    p.add_argument("--stat", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--rc", type=int, required=True)
    p.add_argument("--dozvon-retrans", type=int, default=None)
    p.add_argument("--out", required=True)
    p.set_defaults(fn=step)
    p = sub.add_parser("table")
    p.add_argument("results")
    p.add_argument("--details", action="store_true", help="a second table: call counts, errors, maxima")
    p.set_defaults(fn=table)
    args = ap.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
