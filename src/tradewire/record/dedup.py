"""Near-duplicate texts: word 5-shingles, MinHash signatures (datasketch) and LSH band keys.

The store keeps one signature and `BANDS` band keys per article (tables `article_minhash`,
`article_lsh`), so a new text is compared with the whole store by an indexed lookup of its
band keys, without rebuilding an in-memory index. Candidates are then confirmed with the
exact shingle Jaccard of the two texts (>= THRESHOLD).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.8
MIN_SHINGLES = 10          # texts shorter than this are only compared exactly (by hash)
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def lsh_params() -> tuple[int, int]:
    """(bands, rows) chosen by datasketch for THRESHOLD, weighted towards recall (candidates are
    verified exactly, so a false candidate costs one comparison; a missed one is a missed copy)."""
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


def signatures(texts: list[str]) -> list[tuple[np.ndarray, int]]:
    """MinHash values (uint64 array) and shingle count of each text, in one bulk call."""
    sets = [sorted(shingles(t)) for t in texts]
    mhs = MinHash.bulk(sets, num_perm=NUM_PERM)
    return [(m.hashvalues.astype(np.uint64), len(s)) for m, s in zip(mhs, sets, strict=True)]


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
