#!/usr/bin/env python3
"""Writes small hostile or unusual archives for tests/cli/entries.sh (never committed as binaries).

    archives.py nonascii DIR   a LinkedIn export with non-ASCII entry names in every packing:
                               DIR/folder/, DIR/utf8.zip (UTF-8 flag), DIR/cp437.zip and
                               DIR/sjis.zip (legacy names, no flag), DIR/utf8.tar.gz, and
                               DIR/dup.zip (one name twice, different bytes)
    archives.py bomb FILE      40 entries of 60 MiB of zeros, deflated once (about 2.4 MB)
    archives.py nul FILE       a zip whose one entry name holds a NUL byte
    archives.py badutf8 DIR    a LinkedIn folder whose UTF-8 Connections.csv holds a Latin-1 row
    archives.py fffd DIR       a LinkedIn folder whose valid UTF-8 Connections.csv holds U+FFFD as text
"""
import io
import os
import struct
import sys
import tarfile
import zipfile
import zlib

CONNECTIONS = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               b"Ana,Kovac,https://www.linkedin.com/in/ana,,Acme,Engineer,01 Jan 2024\n")
# Names of the kind real exports hold: LinkedIn articles, Takeout folders, Messenger threads.
UTF8_NAMES = [
    "Articles/Articles/über-brücken.html",
    "Articles/Articles/grüße-aus-der-datenküche-jürgen-weiß-7x2kq.html",
    "Articles/Articles/Mária Kovács_1.html",
    "Articles/Articles/zażółć-gęślą-jaźń.html",
]
CP437_NAME = "Articles/Articles/Größe-café.html"
SJIS_NAME = "Articles/Articles/日本語の記事.html"


def html(title):
    return ("<html><head><title>%s</title></head><body><p>%s</p></body></html>" % (title, title)).encode()


def legacy_zip(path, name, encoding):
    """A zip whose entry name is `name` in a legacy code page, without the UTF-8 flag."""
    raw = name.encode(encoding)
    placeholder = ("Q" * len(raw))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", CONNECTIONS)
        z.writestr(placeholder, html(name))
    data = open(path, "rb").read()
    assert data.count(placeholder.encode()) == 2  # local header and central directory
    open(path, "wb").write(data.replace(placeholder.encode(), raw))


def nonascii(out):
    folder = os.path.join(out, "folder")
    os.makedirs(os.path.join(folder, "Articles", "Articles"), exist_ok=True)
    open(os.path.join(folder, "Connections.csv"), "wb").write(CONNECTIONS)
    for n in UTF8_NAMES:
        open(os.path.join(folder, n), "wb").write(html(n))
    with zipfile.ZipFile(os.path.join(out, "utf8.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", CONNECTIONS)
        for n in UTF8_NAMES:
            z.writestr(n, html(n))
    with tarfile.open(os.path.join(out, "utf8.tar.gz"), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for n, data in [("Connections.csv", CONNECTIONS)] + [(n, html(n)) for n in UTF8_NAMES]:
            info = tarfile.TarInfo(n)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    legacy_zip(os.path.join(out, "cp437.zip"), CP437_NAME, "cp437")
    legacy_zip(os.path.join(out, "sjis.zip"), SJIS_NAME, "cp932")
    import warnings
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
    with zipfile.ZipFile(os.path.join(out, "dup.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", CONNECTIONS)
        z.writestr("Articles/Articles/twice.html", html("first"))
        z.writestr("Articles/Articles/twice.html", html("second"))


def bomb(path, entries=40, size=60 << 20):
    """Deflates the zeros once and writes the same stream under every name (crc and sizes true)."""
    zeros = bytes(size)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = c.compress(zeros) + c.flush()
    crc = zlib.crc32(zeros)
    central = b""
    with open(path, "wb") as f:
        for i in range(entries):
            name = ("zeros-%02d.bin" % i).encode()
            offset = f.tell()
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                                len(name), 0) + name + stream)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream),
                                   size, len(name), 0, 0, 0, 0, 0, offset) + name
        start = f.tell()
        f.write(central)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(central), start, 0))


def nul(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("Connections.csv", CONNECTIONS)
        z.writestr("notes.txtQ../../escape.txt", b"hidden")
    data = open(path, "rb").read()
    open(path, "wb").write(data.replace(b"notes.txtQ../", b"notes.txt\0../"))


def badutf8(out):
    os.makedirs(out, exist_ok=True)
    # UTF-8 text (Zoë) with one stray Latin-1 row: a CSV that is Latin-1 throughout is decoded
    # as Windows-1252 instead (tests/unit/csv_test.cc), so the stray bytes must sit in UTF-8.
    open(os.path.join(out, "Connections.csv"), "wb").write(
        CONNECTIONS + b"J\xfcrgen,Wei\xdf,https://www.linkedin.com/in/jw,,Acme,Lead,02 Jan 2024\n" +
        "Zoë,Brontë,https://www.linkedin.com/in/zb,,Acme,Chair,03 Jan 2024\n".encode())


def fffd(out):
    os.makedirs(out, exist_ok=True)
    # U+FFFD written by the platform itself (a name it could not render once): valid UTF-8 text,
    # not a repair of ours, so the run is complete.
    open(os.path.join(out, "Connections.csv"), "wb").write(
        CONNECTIONS + "Bj\ufffdrn,Lund,https://www.linkedin.com/in/bl,,Acme,Lead,02 Jan 2024\n".encode())


if __name__ == "__main__":
    what, target = sys.argv[1], sys.argv[2]
    {"nonascii": nonascii, "bomb": bomb, "nul": nul, "badutf8": badutf8, "fffd": fffd}[what](target)
