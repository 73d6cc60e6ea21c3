#!/usr/bin/env python3
"""Minimal but real ISO media files (MP4, MOV) for the photo-export tests and bench, made at run time
without ffmpeg: ftyp, moov (mvhd, one video trak with tkhd and mdia: mdhd, hdlr, minf with a
sample table whose chunk offset points into mdat) and mdat with synthetic sample bytes. exiftool
reads them as QuickTime movies.

Usage as a program: make_video.py OUT [--mov] [--moov-last] [--v1] [--created UNIX] [--size BYTES] [--seed TEXT]
As a module: video(path, ...) with the same choices; top_boxes(data) lists (type, offset, size).
"""
import argparse
import hashlib
import struct

EPOCH_1904 = 2082844800
MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def box(kind, body):
    return struct.pack(">I", 8 + len(body)) + kind + body


def full(kind, version, flags, body):
    return box(kind, bytes([version]) + flags.to_bytes(3, "big") + body)


def times(version, created):
    """Creation and modification time fields: 32-bit in version 0, 64-bit in version 1."""
    value = created + EPOCH_1904 if created else 0
    return struct.pack(">QQ" if version else ">II", value, value)


def duration(version, value):
    return struct.pack(">Q" if version else ">I", value)


def moov(version, created, samples, chunk_offset, timescale=600):
    total = len(samples) * 20
    mvhd = full(b"mvhd", version, 0, times(version, created) + struct.pack(">I", timescale) + duration(version, total)
                + struct.pack(">IH10x", 0x10000, 0x100) + MATRIX + bytes(24) + struct.pack(">I", 2))
    tkhd = full(b"tkhd", version, 3, times(version, created) + struct.pack(">I4x", 1) + duration(version, total)
                + struct.pack(">8xHHH2x", 0, 0, 0) + MATRIX + struct.pack(">II", 16 << 16, 12 << 16))
    mdhd = full(b"mdhd", version, 0, times(version, created) + struct.pack(">I", timescale) + duration(version, total)
                + struct.pack(">HH", 0x55C4, 0))
    hdlr = full(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, b"vide") + b"VideoHandler\0")
    entry = box(b"mp4v", bytes(6) + struct.pack(">H", 1) + bytes(16) + struct.pack(">HHIII", 16, 12, 0x480000, 0x480000, 0)
                + struct.pack(">H", 1) + bytes(32) + struct.pack(">Hh", 0x18, -1))
    stbl = box(b"stbl", full(b"stsd", 0, 0, struct.pack(">I", 1) + entry)
               + full(b"stts", 0, 0, struct.pack(">III", 1, len(samples), 20))
               + full(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(samples), 1))
               + full(b"stsz", 0, 0, struct.pack(">II", 0, len(samples)) + b"".join(struct.pack(">I", len(s)) for s in samples))
               + full(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset)))
    minf = box(b"minf", full(b"vmhd", 0, 1, bytes(8)) + box(b"dinf", full(b"dref", 0, 0, struct.pack(">I", 1) + full(b"url ", 0, 1, b"")))
               + stbl)
    trak = box(b"trak", tkhd + box(b"mdia", mdhd + hdlr + minf))
    return box(b"moov", mvhd + trak)


def video(path, mov=False, moov_last=False, version=0, created=0, size=4096, seed=None):
    """Writes a movie of about `size` bytes; returns the bytes written."""
    seed = (seed or path).encode()
    payload = bytearray()
    block = hashlib.sha256(seed).digest()
    while len(payload) < max(size - 800, 64):
        block = hashlib.sha256(block).digest()
        payload += block * 32
    payload = bytes(payload[:max(size - 800, 64)])
    samples = [payload[i:i + 4096] for i in range(0, len(payload), 4096)]
    ftyp = box(b"ftyp", b"qt  \0\0\2\0qt  " if mov else b"mp42\0\0\0\0mp42isom")
    mdat = box(b"mdat", payload)
    if moov_last:
        data = ftyp + mdat + moov(version, created, samples, len(ftyp) + 8)
    else:
        head = len(ftyp) + len(moov(version, created, samples, 0))
        data = ftyp + moov(version, created, samples, head + 8) + mdat
    with open(path, "wb") as f:
        f.write(data)
    return data


def top_boxes(data):
    """[(type, offset, size)] of the top-level atoms (for tests)."""
    out, at = [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
        elif size == 0:
            size = len(data) - at
        out.append((kind.decode("latin-1"), at, size))
        if size < 8:
            break
        at += size
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mov", action="store_true")
    ap.add_argument("--moov-last", action="store_true")
    ap.add_argument("--v1", action="store_true")
    ap.add_argument("--created", type=int, default=0)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--seed")
    a = ap.parse_args()
    video(a.out, a.mov, a.moov_last, 1 if a.v1 else 0, a.created, a.size, a.seed)
