#!/usr/bin/env python3
"""Writes >= SIZE_MB of Persian news text (one paragraph a line) to OUT.

usage: make-bench-text.py OUT [SIZE_MB]
Built from ../shared/data/corpus/news.jsonl when present (repeated to reach
the size), otherwise from sentences generated here.
"""
import json
import os
import sys

out, size = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "..", "shared", "data", "corpus", "news.jsonl")
paras = []
if os.path.exists(corpus):
    for line in open(corpus, encoding="utf-8"):
        r = json.loads(line)
        for k in ("title", "lead"):
            if r.get(k):
                paras.append(r[k])
        body = r.get("body") or []
        paras.extend(p for p in (body if isinstance(body, list) else [body]) if p)
else:
    words = ["گفتوگوی", "کتاب ها", "می روم", "بینالمللی", "۱۳۹۶/۰۱/۲۰", "سلام,", "و", "تروریستها",
             "مهم ترین", "در", "سال 1400", "خبرگزاری", "ایران"]
    paras = [" ".join(words[(i * 7 + k) % len(words)] for k in range(40)) + "." for i in range(1000)]
text = "\n".join(paras) + "\n"
with open(out, "w", encoding="utf-8") as f:
    n = 0
    while n < size * 1000 * 1000:
        f.write(text)
        n += len(text.encode("utf-8"))
