"""Extraction time and memory on long articles (prints figures; never pass/fail).

    python bench/long_text.py [--sizes 100000 500000 1000000]

Builds articles of the given lengths from invented trade sentences (templates below, never
real texts), extracts each once and prints seconds per 100k characters (wall clock, and CPU
time of this process: on a shared machine the CPU figure is the one to compare) and the peak
RSS. Time should grow linearly: the 1M figure within 1.5x of ten times the 100k one.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from tradewire.extract.pipeline import Extractor

COUNTRIES = ["China", "Canada", "Mexico", "Japan", "India", "Brazil", "South Korea", "Australia", "Vietnam", "Turkey"]
GOODS = ["steel", "aluminium", "soybeans", "electric vehicles", "wine", "beef", "semiconductors", "lumber"]
TEMPLATES = [
    "{a} imposed a {r}% tariff on {g} from {b} on Monday, the trade ministry said.",
    "{a} and {b} held trade talks in Geneva on Tuesday.",
    "{a} threatened to raise duties on {b}'s {g} if the dispute was not settled.",
    "Officials in {a} said they would cut tariffs on {g} to {r}% under a new deal with {b}.",
    "{a} filed a complaint against {b} at the World Trade Organization over subsidies for {g}.",
    "Exporters of {g} in {b} said orders had fallen sharply since the start of the year.",
    "Analysts expect prices of {g} to stay high for several months.",
]


def article_text(chars: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    paras, n = [], 0
    while n < chars:
        a, b = rnd.sample(COUNTRIES, 2)
        para = " ".join(rnd.choice(TEMPLATES).format(a=a, b=b, g=rnd.choice(GOODS), r=rnd.choice([5, 10, 15, 25]))
                        for _ in range(rnd.randint(2, 5)))
        paras.append(para)
        n += len(para) + 2
    return "\n\n".join(paras)[:chars]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000, 1_000_000])
    args = ap.parse_args()
    ex = Extractor()
    ex.extract_text(article_text(2_000), published="2026-01-30")  # warm-up
    wall, cpu = {}, {}
    for size in args.sizes:
        text = article_text(size)
        t0, c0 = time.perf_counter(), time.process_time()
        events = ex.extract_text(text, published="2026-01-30")
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        wall[size], cpu[size] = dt / (size / 100_000), dc / (size / 100_000)
        print(f"{size:>9,} chars: {dt:7.1f} s wall ({wall[size]:5.2f} per 100k)  {dc:7.1f} s CPU "
              f"({cpu[size]:5.2f} per 100k)  {len(events)} events")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")
    if 100_000 in wall and 1_000_000 in wall:
        print(f"1M time / (10 x 100k time): CPU {cpu[1_000_000] / cpu[100_000]:.2f}, wall "
              f"{wall[1_000_000] / wall[100_000]:.2f} (linear: 1.0; limit 1.5)")


if __name__ == "__main__":
    main()
