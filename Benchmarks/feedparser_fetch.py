#!/usr/bin/env python3
"""The peer a Python user would write: fetch every URL with conditional GETs (requests, 64 threads, one session
per thread), parse 200s with feedparser, and keep ETag/Last-Modified and entry ids in a JSON state file.

usage: feedparser_fetch.py URLS STATE
"""
import json, os, sys, threading
from concurrent.futures import ThreadPoolExecutor

import feedparser
import requests

local = threading.local()


def session():
    if not hasattr(local, "session"):
        local.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=64, pool_maxsize=4)
        local.session.mount("http://", adapter)
    return local.session


def fetch(url, validators):
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("modified"):
        headers["If-Modified-Since"] = validators["modified"]
    try:
        response = session().get(url, headers=headers, timeout=30)
    except requests.RequestException as error:
        return url, validators, None, str(error)
    if response.status_code == 304:
        return url, validators, [], None
    parsed = feedparser.parse(response.content)
    ids = [entry.get("id") or entry.get("link") for entry in parsed.entries]
    return url, {"etag": response.headers.get("ETag"), "modified": response.headers.get("Last-Modified")}, ids, None


def main():
    urls = [line.strip() for line in open(sys.argv[1]) if line.strip()]
    state_path = sys.argv[2]
    state = json.load(open(state_path)) if os.path.exists(state_path) else {}
    with ThreadPoolExecutor(64) as pool:
        results = list(pool.map(lambda u: fetch(u, state.get(u, {}).get("validators", {})), urls))
    for url, validators, ids, error in results:
        entry = state.setdefault(url, {"validators": {}, "ids": []})
        if error is None:
            entry["validators"] = validators
            entry["ids"] = sorted(set(entry["ids"]) | set(ids or []))
    json.dump(state, open(state_path, "w"))


if __name__ == "__main__":
    main()
