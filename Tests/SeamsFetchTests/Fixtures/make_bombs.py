#!/usr/bin/env python3
"""Writes the compression bombs the hostile-server tests serve: 1 GiB of zeros as gzip (about 1 MB) and 2 GiB of
zeros as brotli (about 1.6 kB). Needs the brotli module (pip install brotli); the output is committed."""
import os, zlib
import brotli

here = os.path.dirname(os.path.abspath(__file__))
chunk = b"\0" * (1 << 20)
gzip = zlib.compressobj(9, zlib.DEFLATED, 31)
with open(os.path.join(here, "zeros-1gib.gz"), "wb") as f:
    for _ in range(1024):
        f.write(gzip.compress(chunk))
    f.write(gzip.flush())
compressor = brotli.Compressor(quality=5, lgwin=24)
with open(os.path.join(here, "zeros-2gib.br"), "wb") as f:
    for _ in range(2048):
        f.write(compressor.process(chunk))
    f.write(compressor.finish())
