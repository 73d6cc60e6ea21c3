#!/usr/bin/env python3
"""Writes the synthetic Bluesky repository exports of samples/bluesky*/ (docs/formats/bluesky.md):
python3 tests/gen_bluesky.py [SAMPLES_DIR]. Made-up people and DIDs only. DAG-CBOR, CIDs, the
Merkle Search Tree and the CAR are encoded here with Python's hashlib alone, independently of the
C++ reader (lib/car.cc), so the samples also check that reader. Deterministic: the same bytes on
every run. bench/gen_bluesky.py imports it to write big repositories."""
import base64
import hashlib
import os
import struct
import sys

# --- DAG-CBOR -------------------------------------------------------------------------------


class Link:
    def __init__(self, cid):
        self.cid = cid  # binary


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | info]) + n.to_bytes(width, "big")
    raise ValueError(n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float):
        return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, Link):
        return b"\xd8\x2a" + cbor(b"\0" + v.cid)
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):  # DAG-CBOR key order: shorter first, then bytewise
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return head(5, len(keys)) + b"".join(cbor(k) + cbor(v[k]) for k in keys)
    raise TypeError(type(v))


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def cid_of(data, codec=0x71):
    return varint(1) + varint(codec) + varint(0x12) + varint(32) + hashlib.sha256(data).digest()


def cid_text(cid):
    return "b" + base64.b32encode(cid).decode().lower().rstrip("=")


def blob(data, mime):
    return {"$type": "blob", "ref": Link(cid_of(data, 0x55)), "mimeType": mime, "size": len(data)}


def legacy_blob(data, mime):
    return {"cid": cid_text(cid_of(data, 0x55)), "mimeType": mime}


# --- the repository: records, MST, commit, CAR ------------------------------------------------


def layer(key):
    """Leading zero bits of SHA-256(key), counted in pairs (fanout 4), as atproto's MST does."""
    h, n = hashlib.sha256(key.encode()).digest(), 0
    for byte in h:
        if byte == 0:
            n += 4
            continue
        for shift in (6, 4, 2, 0):
            if (byte >> shift) & 3:
                return n
            n += 1
        return n
    return n


def build(items, lvl, blocks):
    """items: sorted [(key, cid, layer)] all at or below lvl; returns the node's CID or None."""
    if not items:
        return None
    if lvl < 0:
        raise ValueError("layer")
    at = [i for i, it in enumerate(items) if it[2] == lvl]
    if not at:
        return build(items, lvl - 1, blocks)
    left = build(items[:at[0]], lvl - 1, blocks)
    entries, prev = [], b""
    for n, i in enumerate(at):
        key = items[i][0].encode()
        p = 0
        while p < min(len(key), len(prev)) and key[p] == prev[p]:
            p += 1
        nxt = at[n + 1] if n + 1 < len(at) else len(items)
        t = build(items[i + 1:nxt], lvl - 1, blocks)
        entries.append({"p": p, "k": key[p:], "v": Link(items[i][1]), "t": Link(t) if t else None})
        prev = key
    node = cbor({"l": Link(left) if left else None, "e": entries})
    cid = cid_of(node)
    blocks.append((cid, node))
    return cid


def repo(did, records, version=3, rev="3kzzzzzzzzz22", extra=(), sign=b"\x42" * 64):
    """The CAR bytes of a repository holding records {"collection/rkey": record}."""
    rec_blocks, items = [], []
    for key in sorted(records):
        data = cbor(records[key])
        cid = cid_of(data)
        rec_blocks.append((cid, data))
        items.append((key, cid, layer(key)))
    nodes = []
    root = build(items, max([it[2] for it in items] + [0]), nodes)
    if root is None:
        empty = cbor({"l": None, "e": []})
        root = cid_of(empty)
        nodes.append((root, empty))
    commit = {"did": did, "version": version, "data": Link(root), "prev": None, "sig": sign}
    if version >= 3:
        commit["rev"] = rev
    else:
        commit["prev"] = Link(cid_of(b"an earlier commit"))
    cdata = cbor(commit)
    ccid = cid_of(cdata)
    out = bytearray()
    hdr = cbor({"roots": [Link(ccid)], "version": 1})
    out += varint(len(hdr)) + hdr
    # The commit first, then the tree and the records, as PDSes write it (order is not relied on).
    for cid, data in [(ccid, cdata)] + nodes[::-1] + rec_blocks + list(extra):
        out += varint(len(cid) + len(data)) + cid + data
    return bytes(out)


# --- the samples -------------------------------------------------------------------------------

ME = "did:plc:anakovacexample234567abc"
JORDAN = "did:plc:jordanpikeexample234567a"
ZOE = "did:web:zoe.example.org"
OLENA = "did:plc:olenaexample234567abcdef"


def jpeg(tag):
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + tag.encode() + b"\xff\xd9"


def mp4(tag):
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + tag.encode()


def at(did, coll, rkey):
    return "at://%s/%s/%s" % (did, coll, rkey)


def ref(did, coll, rkey):
    return {"uri": at(did, coll, rkey), "cid": cid_text(cid_of(cbor({"ref": rkey})))}


def facet(text, fragment, feature):
    b, f = text.encode(), fragment.encode()
    start = b.index(f)
    return {"index": {"byteStart": start, "byteEnd": start + len(f)}, "features": [feature]}


def sample_2025():
    avatar, photo1, photo2, thumb, video, unused = (jpeg("avatar"), jpeg("bridge"), jpeg("quai"), jpeg("card"),
                                                    mp4("clip"), jpeg("never linked"))
    P, L = "app.bsky.feed.post", "app.bsky.graph.list"
    t2 = "Ride with @jordan.example.com to example.org/velo… #vélo 🚲"
    r = {
        "app.bsky.actor.profile/self": {
            "$type": "app.bsky.actor.profile", "displayName": "Ana Kovač 🚲",
            "description": "Lyon · vélo · café\nhttps://ana.example.org", "avatar": blob(avatar, "image/jpeg"),
            "banner": blob(jpeg("banner not exported"), "image/jpeg"), "pinnedPost": ref(ME, P, "3lbqta2ad2k2a"),
            "createdAt": "2023-11-02T09:00:00.000Z",
            "labels": {"$type": "com.atproto.label.defs#selfLabels", "values": [{"val": "!no-unauthenticated"}]}},
        P + "/3lbqta2ad2k2a": {"$type": P, "text": "Premier post ici. Bonjour Bluesky ☀️", "langs": ["fr"],
                               "createdAt": "2024-11-20T08:15:00.000Z"},
        P + "/3lbqtb7pq6s2b": {"$type": P, "text": t2, "langs": ["en", "fr"], "tags": ["cycling"],
                               "facets": [facet(t2, "@jordan.example.com", {"$type": "app.bsky.richtext.facet#mention", "did": JORDAN}),
                                          facet(t2, "example.org/velo…", {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/velo/map?city=lyon"}),
                                          facet(t2, "#vélo", {"$type": "app.bsky.richtext.facet#tag", "tag": "vélo"})],
                               "createdAt": "2024-11-21T17:40:12.345Z"},
        P + "/3lbqtc2kd4x2c": {"$type": P, "text": "Мост красивый, правда!", "langs": ["ru"],
                               "reply": {"root": ref(OLENA, P, "3lbqs9aaaaa2a"), "parent": ref(JORDAN, P, "3lbqsaaaaaa2b")},
                               "createdAt": "2024-11-22T06:01:02Z"},
        P + "/3lbqtd3ab5y2d": {"$type": P, "text": "Deux photos du pont", "langs": ["fr"],
                               "embed": {"$type": "app.bsky.embed.images", "images": [
                                   {"alt": "Le pont Lafayette au lever du soleil", "image": blob(photo1, "image/jpeg"),
                                    "aspectRatio": {"width": 4, "height": 3}},
                                   {"alt": "", "image": blob(jpeg("not downloaded"), "image/jpeg")}]},
                               "createdAt": "2024-11-23T07:30:00.000Z"},
        P + "/3lbqte4bc6z2e": {"$type": P, "text": "", "langs": ["en"],
                               "embed": {"$type": "app.bsky.embed.external", "external": {
                                   "uri": "https://example.org/cafes", "title": "Why cafés matter",
                                   "description": "A short essay.", "thumb": blob(thumb, "image/jpeg")}},
                               "createdAt": "2024-11-24T10:00:00.000Z"},
        P + "/3lbqtf5cd7a2f": {"$type": P, "text": "This 👇", "langs": ["en"],
                               "embed": {"$type": "app.bsky.embed.record", "record": ref(ZOE, P, "3lbqszzzzzz2z")},
                               "createdAt": "2024-11-25T11:11:11.000Z"},
        P + "/3lbqtg6de8b2g": {"$type": P, "text": "自転車で通勤しました 🚲", "langs": ["ja"],
                               "embed": {"$type": "app.bsky.embed.recordWithMedia",
                                         "record": {"$type": "app.bsky.embed.record", "record": ref(JORDAN, P, "3lbqsbbbbbb2c")},
                                         "media": {"$type": "app.bsky.embed.images", "images": [
                                             {"alt": "駐輪場", "image": blob(photo2, "image/jpeg")}]}},
                               "createdAt": "2024-11-26T00:30:00.000Z"},
        P + "/3lbqth7ef9c2h": {"$type": P, "text": "Short clip of the quay", "langs": ["en"],
                               "embed": {"$type": "app.bsky.embed.video", "video": blob(video, "video/mp4"),
                                         "alt": "Water and bikes", "aspectRatio": {"width": 16, "height": 9}},
                               "createdAt": "2024-11-27T12:00:00.000Z"},
        P + "/3lbqti2fg2d2i": {"$type": P, "text": "Crash photo from today's race (no one hurt)", "langs": ["en"],
                               "labels": {"$type": "com.atproto.label.defs#selfLabels", "values": [{"val": "graphic-media"}]},
                               "createdAt": "2024-11-28T15:00:00.000Z"},
        # Two posts alike but for one field (their time): two records.
        P + "/3lbqtj3gh3e2j": {"$type": P, "text": "gm", "langs": ["en"], "createdAt": "2024-11-29T07:00:00.000Z"},
        P + "/3lbqtk4hi4f2k": {"$type": P, "text": "gm", "langs": ["en"], "createdAt": "2024-11-30T07:00:00.000Z"},
        # A facet whose offsets run past the text (seen in the wild): the feature is kept.
        P + "/3lbqtl5ij5g2l": {"$type": P, "text": "see link", "createdAt": "2024-12-01T09:00:00Z",
                               "facets": [{"index": {"byteStart": 4, "byteEnd": 40},
                                           "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/x"}]}]},
        "app.bsky.feed.like/3lbqum1aa1a2a": {"$type": "app.bsky.feed.like", "subject": ref(JORDAN, P, "3lbqsaaaaaa2b"),
                                             "createdAt": "2024-11-22T06:00:00.000Z"},
        "app.bsky.feed.like/3lbqum2bb2b2b": {"$type": "app.bsky.feed.like", "subject": ref(ZOE, P, "3lbqszzzzzz2z"),
                                             "createdAt": "2024-11-25T11:10:00.000Z",
                                             "via": ref(JORDAN, "app.bsky.feed.repost", "3lbqsrrrrrr2r")},
        "app.bsky.feed.repost/3lbqun1cc1c2c": {"$type": "app.bsky.feed.repost", "subject": ref(OLENA, P, "3lbqs9aaaaa2a"),
                                               "createdAt": "2024-11-22T06:05:00.000Z"},
        "app.bsky.graph.follow/3lbquo1dd1d2d": {"$type": "app.bsky.graph.follow", "subject": JORDAN, "createdAt": "2024-11-20T08:00:00.000Z"},
        "app.bsky.graph.follow/3lbquo2ee2e2e": {"$type": "app.bsky.graph.follow", "subject": ZOE, "createdAt": "2024-11-20T08:01:00.000Z"},
        "app.bsky.graph.block/3lbqup1ff1f2f": {"$type": "app.bsky.graph.block", "subject": "did:plc:spamexample234567abcdefg",
                                               "createdAt": "2024-11-29T20:00:00.000Z"},
        L + "/3lbquq1gg1g2g": {"$type": L, "purpose": "app.bsky.graph.defs#curatelist", "name": "Vélo Lyon 🚲",
                               "description": "People who ride in Lyon", "createdAt": "2024-11-21T10:00:00.000Z"},
        L + "/3lbquq2hh2h2h": {"$type": L, "purpose": "app.bsky.graph.defs#modlist", "name": "Spam",
                               "createdAt": "2024-11-29T20:01:00.000Z"},
        "app.bsky.graph.listitem/3lbqur1ii1i2i": {"$type": "app.bsky.graph.listitem", "subject": JORDAN,
                                                  "list": at(ME, L, "3lbquq1gg1g2g"), "createdAt": "2024-11-21T10:01:00.000Z"},
        "app.bsky.graph.listitem/3lbqur2jj2j2j": {"$type": "app.bsky.graph.listitem", "subject": OLENA,
                                                  "list": at(ME, L, "3lbquq1gg1g2g"), "createdAt": "2024-11-21T10:02:00.000Z"},
        "app.bsky.feed.threadgate/3lbqtd3ab5y2d": {"$type": "app.bsky.feed.threadgate", "post": at(ME, P, "3lbqtd3ab5y2d"),
                                                   "allow": [{"$type": "app.bsky.feed.threadgate#mentionRule"},
                                                             {"$type": "app.bsky.feed.threadgate#listRule", "list": at(ME, L, "3lbquq1gg1g2g")}],
                                                   "hiddenReplies": [at(JORDAN, P, "3lbqscccccc2d")],
                                                   "createdAt": "2024-11-23T07:30:01.000Z"},
        "app.bsky.feed.postgate/3lbqtd3ab5y2d": {"$type": "app.bsky.feed.postgate", "post": at(ME, P, "3lbqtd3ab5y2d"),
                                                 "embeddingRules": [{"$type": "app.bsky.feed.postgate#disableRule"}],
                                                 "createdAt": "2024-11-23T07:30:02.000Z"},
        "app.bsky.feed.generator/cafes": {"$type": "app.bsky.feed.generator", "did": "did:web:feeds.example.org",
                                          "displayName": "Cafés de Lyon", "description": "Posts about cafés",
                                          "createdAt": "2024-12-02T09:00:00.000Z"},
        "app.bsky.graph.starterpack/3lbqus1kk1k2k": {"$type": "app.bsky.graph.starterpack", "name": "Lyon à vélo",
                                                     "list": at(ME, L, "3lbquq1gg1g2g"), "createdAt": "2024-12-03T09:00:00.000Z"},
        "chat.bsky.actor.declaration/self": {"$type": "chat.bsky.actor.declaration", "allowIncoming": "following"},
        "com.whtwnd.blog.entry/3lbqut1ll1l2l": {"$type": "com.whtwnd.blog.entry", "title": "Un an à vélo",
                                                "content": "# Un an\nBeaucoup de pluie.", "createdAt": "2024-12-04T09:00:00.000Z"},
    }
    blobs = {cid_text(cid_of(b, 0x55)): b for b in (avatar, photo1, photo2, thumb, video, unused)}
    return repo(ME, r, rev="3lbquz2222222"), blobs


def sample_2023():
    me = "did:plc:bobexample234567abcdefghi"
    avatar, photo = jpeg("old avatar"), jpeg("old photo")
    P = "app.bsky.feed.post"
    r = {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Bob Ōta",
                                        "description": "early account", "avatar": legacy_blob(avatar, "image/jpeg")},
        P + "/3juzvcg2opr2a": {"$type": P, "text": "hello world", "createdAt": "2023-04-28T12:00:00.000+00:00"},
        P + "/3juzvdh3pqs2b": {"$type": P, "text": "old-style image post",
                               "embed": {"$type": "app.bsky.embed.images", "images": [
                                   {"alt": "a cat", "image": legacy_blob(photo, "image/jpeg")}]},
                               "createdAt": "2023-04-29T12:00:00.123Z"},
        P + "/3juzveiaqrt2c": {"$type": P, "text": "reply", "createdAt": "2023-04-30T12:00:00Z",
                               "reply": {"root": ref(me, P, "3juzvcg2opr2a"), "parent": ref(me, P, "3juzvcg2opr2a")}},
        "app.bsky.feed.like/3juzwaa2aaa2a": {"$type": "app.bsky.feed.like", "subject": ref(JORDAN, P, "3juzsaaaaaa2a"),
                                             "createdAt": "2023-04-28T13:00:00.000Z"},
        "app.bsky.graph.follow/3juzwbb2bbb2b": {"$type": "app.bsky.graph.follow", "subject": JORDAN,
                                                "createdAt": "2023-04-28T12:30:00.000Z"},
    }
    # An earlier version of a record that no tree node names any more, and a block given twice.
    stale = cbor({"$type": P, "text": "hello wrold", "createdAt": "2023-04-28T12:00:00.000Z"})
    dup = cbor(r[P + "/3juzvcg2opr2a"])
    car = repo(me, r, version=2, extra=[(cid_of(stale), stale), (cid_of(dup), dup)])
    return car, {cid_text(cid_of(b, 0x55)): b for b in (avatar, photo)}


def write(folder, car, blobs, blob_dir):
    os.makedirs(os.path.join(folder, blob_dir), exist_ok=True)
    with open(os.path.join(folder, "repo.car"), "wb") as f:
        f.write(car)
    for name, data in blobs.items():
        with open(os.path.join(folder, blob_dir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "samples")
    write(os.path.join(out, "bluesky"), *sample_2025(), "blobs")
    # goat's `blob export` names its folder after the account: <did>_blobs, ':' made '_'.
    write(os.path.join(out, "bluesky-2023"), *sample_2023(), "did_plc_bobexample234567abcdefghi_blobs")
