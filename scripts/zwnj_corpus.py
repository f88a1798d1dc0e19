"""Shared helpers for the half-space model generator and evaluation.

Selects the news records whose half-space use is consistent (the writers put
ZWNJs where the orthography wants them), and tokenizes Persian text the way
the generator counts it. Standard library only.
"""
import json
import re

ZWNJ = "\u200c"
FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
TOKEN = re.compile("[\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ff\u200c]+")
SPACED_MI = re.compile(r"(?:^|\s)(?:ن?می) [\u0600-\u06ff]")


def records(path):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.strip()
            if line:
                yield i, json.loads(line)


def record_text(r):
    parts = [r.get("title") or "", r.get("lead") or ""]
    body = r.get("body") or []
    if isinstance(body, str):
        body = [body]
    parts.extend(body)
    return "\n".join(p for p in parts if p).translate(FOLD)


def consistent(text):
    """True when the record writes half-spaces as the orthography does: many
    ZWNJs, and «می» never split from its verb by a space."""
    words = len(text.split())
    if words < 50:
        return False
    zw = text.count(ZWNJ)
    return zw * 1000 >= 30 * words and not SPACED_MI.search(text)


def tokens(text):
    out = []
    for m in TOKEN.finditer(text):
        t = m.group(0).strip(ZWNJ)
        while ZWNJ * 2 in t:
            t = t.replace(ZWNJ * 2, ZWNJ)
        if t:
            out.append(t)
    return out


def sentences(text):
    for line in text.split("\n"):
        for s in re.split(r"(?<=[.!؟?])\s+", line):
            s = s.strip()
            if s:
                yield s


def write_eval_sentences(path, out_path):
    """Writes the evaluation reference (one sentence a line) to out_path: the
    sentences of the odd-numbered consistent Fars News records of path (the
    even ones feed data/zwnj_model.tsv). Returns the number of sentences."""
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for i, r in records(path):
            if i % 2 == 0 or r.get("source") != "farsnews":
                continue
            t = record_text(r)
            if not consistent(t):
                continue
            for s in sentences(t):
                out.write(s + "\n")
                n += 1
    return n
