"""Near-duplicate texts: word 5-shingles, MinHash signatures (datasketch), LSH band keys, and
the check that a similar text is really a copy.

The store keeps one signature and `BANDS` band keys per article (tables `article_minhash`,
`article_lsh`), so a new text is compared with the whole store by an indexed lookup of its
band keys, without rebuilding an in-memory index. Candidates are then confirmed with the
exact shingle Jaccard of the two texts (>= THRESHOLD) and with `same_facts`: two reports that
differ only in the acting country ("India accused Thailand ..." / "Mexico accused Thailand
...") share almost every shingle but are two acts.

Lives in `store` (the store decides what is stored as a copy); `record` only reads the result.
"""

from __future__ import annotations

import hashlib
import re
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from pydantic import BaseModel

from tradewire.data import load_data

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.8
MIN_SHINGLES = 10          # texts shorter than this are only compared exactly (by hash)
_WORD = re.compile(r"\w+", re.UNICODE)


# (bands, rows) that datasketch's MinHashLSH picks for THRESHOLD and NUM_PERM with weights
# (0.1, 0.9) towards recall (candidates are verified exactly, so a false candidate costs one
# comparison; a missed one is a missed copy). Fixed here: stored band keys depend on them (a
# datasketch upgrade must not change them), and a writer need not import datasketch and scipy
# (~0.4 CPU s) to compute keys. tests/test_batch.py checks that datasketch still agrees.
LSH_BANDS, LSH_ROWS = 14, 9


def lsh_params() -> tuple[int, int]:
    return LSH_BANDS, LSH_ROWS


def datasketch_params() -> tuple[int, int]:
    """What datasketch chooses today (slow: imports scipy and integrates; for the test only)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=(0.1, 0.9))
    return lsh.b, lsh.r


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# Signatures computed elsewhere (batch workers hash the texts they extract), by text: the writer
# then only compares. A signature is a pure function of its text, so an entry is never wrong.
_GIVEN: dict[str, tuple[np.ndarray, int]] = {}


def given(text: str, signature: tuple[np.ndarray, int]) -> None:
    _GIVEN[text] = signature


def forget() -> None:
    _GIVEN.clear()


@lru_cache(maxsize=1)
def _empty_minhash():
    from datasketch import MinHash  # lazily: slow to import, only hashing needs it

    return MinHash(num_perm=NUM_PERM)  # its permutations are drawn once, not once per call


def signatures(texts: list[str]) -> list[tuple[np.ndarray, int]]:
    """MinHash values (uint64 array) and shingle count of each text."""
    out = []
    for t in texts:
        sig = _GIVEN.pop(t, None)
        if sig is None:
            sh = sorted(shingles(t))
            m = _empty_minhash().copy()
            m.update_batch(sh)
            sig = (m.hashvalues.astype(np.uint64), len(sh))
        out.append(sig)
    return out


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 63-bit bucket per band (fits an SQL BIGINT)."""
    b, r = lsh_params()
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(values[i * r:(i + 1) * r].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


# -- is a similar text really a copy? ---------------------------------------------------------

class DateWords(BaseModel):
    names: list[str]
    words: list[str]


GAP = 2              # equal runs this short inside a change do not split it ("By | John Smith")
WHOLE_PIECE = 2 / 3  # a swapped piece covers at least this share of the words of its lines


@lru_cache(maxsize=1)
def _date_words() -> tuple[frozenset[str], frozenset[str]]:
    d = load_data("dedup.yaml", DateWords)
    return frozenset(d.names), frozenset(w.lower() for w in d.words)


class _Words:
    """A text as word tokens (original spelling, lower case) with the line each is on."""

    def __init__(self, text: str):
        self.orig: list[str] = []
        self.line: list[int] = []
        for n, ln in enumerate(text.splitlines()):
            words = _WORD.findall(ln)
            self.orig += words
            self.line += [n] * len(words)
        self.low = [w.lower() for w in self.orig]
        self.line_len: dict[int, int] = {}
        for n in self.line:
            self.line_len[n] = self.line_len.get(n, 0) + 1
        self._facts: set[str] | None = None

    def covers_lines(self, i: int, j: int) -> bool:
        """Whether words i..j-1 are (nearly) whole lines: a swapped headline, byline or debris
        line, not a word changed inside a sentence."""
        lines = set(self.line[i:j])
        return (j - i) >= WHOLE_PIECE * sum(self.line_len[n] for n in lines)

    def facts(self, i: int = 0, j: int | None = None) -> set[str]:
        """Sides (countries, institutions, people of the KB), numbers and date words of words i..j-1."""
        whole = i == 0 and j is None
        if whole and self._facts is not None:
            return self._facts
        out = _facts(self.orig[i:j])
        if whole:
            self._facts = out
        return out


def _facts(words: list[str]) -> set[str]:
    from tradewire.resolve.kb import load_kb  # the packaged KB: who a name is, whatever its spelling

    kb = load_kb()
    names, plain = _date_words()
    out: set[str] = set()
    for k, w in enumerate(words):
        if any(c.isdigit() for c in w):
            out.add("num:" + w.lstrip("0"))
        elif w in names or w.lower() in plain:
            out.add("date:" + w.lower()[:3])
        if not w[:1].isupper():
            continue  # names start with a capital ("us" is a pronoun, "china" porcelain)
        for n in (4, 3, 2, 1):
            phrase = " ".join(words[k:k + n])
            if len(words) - k < n:
                continue
            entries = kb.lookup(phrase)
            if entries:
                out.update(f"actor:{e.actor.country or e.actor.id}" if e.kind in ("country", "demonym", "capital")
                           else f"actor:{e.actor.id}" for e in entries)
                break
            person = kb.person(phrase, fuzzy=False) if n > 1 else None
            if person is not None:
                out.add(f"person:{(person.surname or person.name).lower()}")
                break
            if n == 1 and w.lower() in kb.surnames:
                out.add(f"person:{w.lower()}")
    return out


def _changes(a: _Words, b: _Words) -> list[tuple[int, int, int, int]]:
    """The differing word spans (i1, i2, j1, j2), neighbouring ones joined across short equal runs."""
    ops = [op for op in SequenceMatcher(None, a.low, b.low, autojunk=len(b.low) > 2000).get_opcodes()]
    out: list[list[int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        prev_gap = ops[k - 1] if k > 0 else None
        if out and prev_gap is not None and prev_gap[0] == "equal" and prev_gap[2] - prev_gap[1] <= GAP \
                and prev_gap[1] == out[-1][1]:
            out[-1][1], out[-1][3] = i2, j2
        else:
            out.append([i1, i2, j1, j2])
    return [tuple(c) for c in out]


def same_facts(a_text: str, b_text: str) -> bool:
    """Whether two similar texts are one report: what differs are whole pieces (lines added,
    dropped or swapped: headline, byline, trailer, page debris) or words added, never words
    changed inside a sentence, and no differing piece names a side, a number or a date that
    the other text lacks. A missed copy costs a second article whose events fuse with the
    first's; a false copy drops real acts."""
    a, b = _Words(a_text), _Words(b_text)
    for i1, i2, j1, j2 in _changes(a, b):
        if i2 > i1 and j2 > j1 and not (a.covers_lines(i1, i2) and b.covers_lines(j1, j2)):
            return False  # words replaced inside a sentence: another country, figure, date or act
        if i2 > i1 and not a.facts(i1, i2) <= b.facts():
            return False
        if j2 > j1 and not b.facts(j1, j2) <= a.facts():
            return False
    return True
