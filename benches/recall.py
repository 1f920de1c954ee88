#!/usr/bin/env python3
"""Recall of word forms: for each query word, the statements holding some form of it (the same
Snowball stem, computed here with PyPI's snowballstemmer, independently of annals) against
those the search page finds for the word (typed and ended with a space, so that no prefix
match adds to them), in headless Chromium (benches/search.mjs).

    benches/recall.py ARCHIVE SITE BASE_URL WORD…

ARCHIVE is the archive's folder (its content/statements/ is read), SITE the built site (built
with --base-url BASE_URL). Prints a row per word and the mean. Needs: pip install
snowballstemmer, and tests/browser/install.sh.
"""
import glob
import os
import re
import subprocess
import sys
import unicodedata

import snowballstemmer

ENGLISH = snowballstemmer.stemmer("english")
RUSSIAN = snowballstemmer.stemmer("russian")
WORD = re.compile(r"[^\W_]+")


def fold(text):
    """As `fold` in src/text.rs: lower case without accents, ё read as е, й kept."""
    text = unicodedata.normalize("NFD", text.lower()).replace("и\u0306", "й")
    return "".join(c for c in text if not unicodedata.combining(c))


def stem(word):
    if re.search("[\u0400-\u04ff]", word):
        return RUSSIAN.stemWord(word)
    if re.fullmatch("[a-z0-9]+", word):
        return ENGLISH.stemWord(word)
    return word


def statement_stems(path):
    text = open(path, encoding="utf-8").read()
    front, _, body = text.partition("\n+++\n")
    title = re.search(r'^title = "(.*)"$', front, re.M)
    words = WORD.findall(fold((title.group(1) if title else "") + " " + body))
    return {stem(w) for w in words}


def main():
    archive, site, base, *words = sys.argv[1:]
    files = glob.glob(os.path.join(archive, "content", "statements", "**", "*.md"), recursive=True)
    stems = [statement_stems(f) for f in files]
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(["node", os.path.join(here, "search.mjs"), site, base, *[f"{w} " for w in words]],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines()[1:]:
        query, results = line.split("\t")[:2]
        found[query.strip()] = int(results)
    recalls = []
    print("word\tstatements holding a form\tfound\trecall")
    for word in words:
        target = stem(fold(word))
        holding = sum(1 for s in stems if target in s)
        got = found[word]
        recall = min(got, holding) / holding if holding else 1.0
        flag = "" if got <= holding else " (found more than hold a form: stems disagree)"
        recalls.append(recall)
        print(f"{word}\t{holding}\t{got}\t{recall:.1%}{flag}")
    print(f"mean\t\t\t{sum(recalls) / len(recalls):.1%}\tlowest {min(recalls):.1%}")


if __name__ == "__main__":
    main()
