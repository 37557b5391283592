"""A news-count Trade Policy Uncertainty (TPU) baseline over the stored articles.

After Caldara, Iacoviello, Molligo, Prestipino and Raffo (2020): per month, the share of
articles that contain at least one trade-policy term AND at least one uncertainty term (term
lists in data/tpu_terms.yaml; lowercase whole-word/phrase match over title + clean text).
index = share x 10,000 (a 1% share = 100, the paper's scaling). Stored copies of an article
(syndicated or republished in another outlet) count as articles of their own, as in a count
over newspapers; `unique=True` counts each text once. Articles without a publication date
are left out (and counted). `country` keeps the articles that name the country (its names,
demonyms and capitals in the knowledge base).

Meaningful as an index only over a broad sample of news (the paper divides by all articles of
the newspapers); over a store of trade stories alone the share is high by construction.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache

from sqlalchemy import select

from tradewire.record.knowledge import countries, tpu_terms
from tradewire.store import schema


def _alternation(terms: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    ordered = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", flags)


@lru_cache(maxsize=1)
def patterns() -> tuple[re.Pattern, re.Pattern]:
    d = tpu_terms()
    return _alternation(d.trade_policy), _alternation(d.uncertainty)


@lru_cache(maxsize=64)
def country_pattern(iso3: str) -> re.Pattern | None:
    c = countries().get(iso3)
    if c is None:
        return None
    return _alternation([c.name, *c.names, *c.demonyms, *c.capitals], 0)  # proper names: case-sensitive


def classify(text: str) -> tuple[bool, bool]:
    """(names a trade-policy term, names an uncertainty term)."""
    tp, unc = patterns()
    low = text.lower()
    return bool(tp.search(low)), bool(unc.search(low))


def tpu(conn, country: str | None = None, unique: bool = False) -> dict:
    a, s = schema.articles, schema.article_sources
    cpat = country_pattern(country.upper()) if country else None
    if country and cpat is None:
        raise ValueError(f"unknown country {country!r}")
    months: dict[str, dict] = {}
    undated = 0

    def count(published, title, text) -> None:
        nonlocal undated
        body = f"{title or ''}\n{text or ''}"
        if cpat is not None and not cpat.search(body):
            return
        if published is None:
            undated += 1
            return
        m = months.setdefault(published.strftime("%Y-%m"), {"articles": 0, "trade_policy": 0, "tpu": 0})
        has_tp, has_unc = classify(body)
        m["articles"] += 1
        m["trade_policy"] += has_tp
        m["tpu"] += has_tp and has_unc

    texts: dict[int, str] = {}
    for r in conn.execute(select(a.c.id, a.c.published, a.c.title, a.c.text).order_by(a.c.id)):
        count(r.published, r.title, r.text)
        if not unique:
            texts[r.id] = r.text
    if not unique:
        for r in conn.execute(select(s.c.article_id, s.c.published, s.c.title, s.c.text).order_by(s.c.id)):
            count(r.published, r.title, r.text if r.text is not None else texts.get(r.article_id, ""))
    rows = []
    for month in sorted(months):
        m = months[month]
        share = m["tpu"] / m["articles"] if m["articles"] else 0.0
        rows.append({"month": month, **m, "share": round(share, 4), "index": round(share * 10000, 1)})
    return {"country": country.upper() if country else None, "unique": unique, "months": rows,
            "undated_articles": undated}


def to_csv(t: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["month", "articles", "trade_policy", "tpu", "share", "index"])
    for r in t["months"]:
        w.writerow([r["month"], r["articles"], r["trade_policy"], r["tpu"], r["share"], r["index"]])
    return buf.getvalue()


def render_text(t: dict) -> list[str]:
    where = f" naming {t['country']}" if t["country"] else ""
    lines = [f"TPU news count{where}: share of articles with a trade-policy AND an uncertainty term "
             f"(index: 1% share = 100)", f"{'month':<8} {'articles':>8} {'trade':>6} {'tpu':>5} {'share':>7} {'index':>8}"]
    for r in t["months"]:
        lines.append(f"{r['month']:<8} {r['articles']:>8} {r['trade_policy']:>6} {r['tpu']:>5} {r['share']:>7.1%} "
                     f"{r['index']:>8.1f}")
    if t["undated_articles"]:
        lines.append(f"({t['undated_articles']} article(s) without a publication date left out)")
    return lines


def plot(t: dict, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    months = [r["month"] for r in t["months"]]
    if not months:
        ax.text(0.5, 0.5, "no dated articles", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ax2 = ax.twinx()
        ax2.bar(months, [r["articles"] for r in t["months"]], color="#cfd8e3", label="articles")
        ax2.set_ylabel("articles per month")
        ax.plot(months, [r["index"] for r in t["months"]], color="#b03a2e", marker="o", linewidth=2,
                label="TPU index (1% share = 100)")
        ax.set_zorder(ax2.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.set_ylabel("TPU index")
        step = max(1, len(months) // 12)
        ax.set_xticks(range(0, len(months), step), [months[i] for i in range(0, len(months), step)], rotation=45,
                      ha="right")
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    where = f" (articles naming {t['country']})" if t["country"] else ""
    ax.set_title(f"Trade policy uncertainty, news count{where}")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
