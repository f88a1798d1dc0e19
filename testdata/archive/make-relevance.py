#!/usr/bin/env python3
"""Writes relevance.tsv: for each query, the corpus articles judged relevant.

usage: make-relevance.py ../shared/data/corpus/news.jsonl > relevance.tsv

Judgement rule (ours, stated so it can be argued with): an article is relevant
to a query when its *title* names the query's subject in any spelling —
Arabic or Persian ی/ک, with or without ZWNJ or space inside the words. Titles
are what a reader scans to decide, and a title match is a judgement that does
not depend on how khabar tokenizes bodies. Lines: query TAB url TAB url ...
"""
import json
import sys

# query -> title patterns (any one makes the article relevant)
QUERIES = {
    "واترپلو": ["واترپلو"],
    "بانک مرکزی": ["بانکمرکزی"],
    "هسته\u200cای": ["هستهای"],
    "فوتبال": ["فوتبال"],
    "نفت": ["نفت"],
    "دانشگاه\u200cها": ["دانشگاه"],
    "انتخابات": ["انتخابات"],
    "سازمان ملل": ["سازمانملل"],
    "بورس": ["بورس"],
    "مجلس": ["مجلس"],
    "کتاب": ["کتاب"],
    "زلزله": ["زلزله"],
    "تئاتر": ["تئاتر"],
    "عراق": ["عراق"],
    "قیمت": ["قیمت"],
}


def fold(s):
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    return s.replace("\u200c", "").replace(" ", "")


def main():
    arts = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            arts.append((j["url"], fold(j.get("title") or "")))
    for q, pats in QUERIES.items():
        rel = [u for u, t in arts if any(p in t for p in pats)]
        print("\t".join([q] + rel))


if __name__ == "__main__":
    main()
