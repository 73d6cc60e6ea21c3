"""Helpers shared by the bench generators (bench/gen_*.py): streamed zip writing, Meta's
mojibake, small fake JPEGs, raw zip merging, and the expectation file run.sh checks.

Everything here is synthetic and deterministic: each generator seeds its own random.Random.
Standard library only.
"""

import json
import os
import struct
import sys
import zipfile

CHUNK = 1 << 20  # text is buffered and written to the zip entry in pieces of about this size


def zip_level():
    return int(os.environ.get("BENCH_ZIP_LEVEL", "6"))


class Entry:
    """A zip entry being written: buffered text or bytes, never the whole file in memory."""

    def __init__(self, zf, name, big):
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zf.compression
        info.external_attr = 0o644 << 16
        self._f = zf.open(info, "w", force_zip64=big)
        self._buf = []
        self._size = 0
        self.written = 0

    def write(self, s):
        self._buf.append(s)
        self._size += len(s)
        if self._size >= CHUNK:
            self.flush()

    def flush(self):
        if self._buf:
            data = "".join(self._buf).encode("utf-8")
            self._f.write(data)
            self.written += len(data)
            self._buf = []
            self._size = 0

    def write_bytes(self, b):
        self.flush()
        self._f.write(b)
        self.written += len(b)

    def close(self):
        self.flush()
        self._f.close()


class Items:
    """Elements of a JSON array written to an Entry in batches, `sep` before every one but the first."""

    def __init__(self, entry, sep=",\n", batch=2000):
        self.entry, self.sep, self.batch = entry, sep, batch
        self.buf = []
        self.count = 0

    def add(self, s):
        self.buf.append(s)
        if len(self.buf) >= self.batch:
            self.flush()

    def flush(self):
        if self.buf:
            self.entry.write((self.sep if self.count else "") + self.sep.join(self.buf))
            self.count += len(self.buf)
            self.buf = []


class ZipOut:
    """A zip written entry by entry (deflate at BENCH_ZIP_LEVEL, 0 = stored)."""

    def __init__(self, path):
        level = zip_level()
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        if level == 0:
            self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True)
        else:
            self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=level)
        self.bytes = 0
        self.entries = 0

    def open(self, name, big=False):
        return Entry(self.zf, name, big)

    def put(self, name, data):
        """A small entry given whole (str or bytes)."""
        e = self.open(name)
        if isinstance(data, str):
            e.write(data)
        else:
            e.write_bytes(data)
        e.close()
        self.bytes += e.written
        self.entries += 1

    def done(self, entry):
        entry.close()
        self.bytes += entry.written
        self.entries += 1

    def close(self):
        self.zf.close()


def mojibake(s):
    """A JSON string literal the way Meta writes it: each UTF-8 byte of a non-ASCII character
    as a \\u00XX escape ("é" -> "\\u00c3\\u00a9")."""
    return json.dumps(s.encode("utf-8").decode("latin-1"))


def fake_jpeg(rng, size):
    """Bytes that start like a JFIF JPEG and end with EOI; random in between (incompressible)."""
    head = b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    body = rng.randbytes(max(0, size - len(head) - 2))
    return head + body + b"\xff\xd9"


def merge_zips(out_path, inputs):
    """Writes one zip holding every entry of `inputs`, copying the compressed bytes as they are
    (no recompression). Entries keep their order, input after input."""
    with zipfile.ZipFile(out_path, "w", allowZip64=True) as dst:
        for path in inputs:
            with zipfile.ZipFile(path) as src, open(path, "rb") as raw:
                infos = sorted(src.infolist(), key=lambda i: i.header_offset)
                ends = [i.header_offset for i in infos[1:]] + [src.start_dir]
                for info, end in zip(infos, ends):
                    raw.seek(info.header_offset)
                    left = end - info.header_offset
                    start = dst.fp.tell()
                    while left > 0:
                        block = raw.read(min(left, CHUNK))
                        if not block:
                            sys.exit("merge_zips: %s is truncated" % path)
                        dst.fp.write(block)
                        left -= len(block)
                    info.header_offset = start
                    dst.filelist.append(info)
                    dst.NameToInfo[info.filename] = info
                dst.start_dir = dst.fp.tell()
        dst._didModify = True


def write_expect(path, kinds, note=""):
    """The record counts per kind a workload must end with in the store (checked by run.sh)."""
    with open(path, "w") as f:
        for kind in sorted(kinds):
            f.write("%s %d\n" % (kind, kinds[kind]))
    if note:
        print(note, file=sys.stderr)
