#!/usr/bin/env python3
"""Hostile inputs for tests/cli/hostile.sh, made on the fly (never committed as binaries).

gen.py deep-json N OUT             a JSON object whose "proof" member nests N arrays
gen.py deep-disclosure N SDJWT OUT an SD-JWT (read from SDJWT) with one more disclosure nested N deep
gen.py deep-dump N OUT             a dump (NDJSON) line whose data nests N arrays
gen.py big-field MB OUT            a LinkedIn-like zip whose Connections.csv holds one MB-megabyte field
gen.py big-json MB OUT             an X-like zip whose tweets.js holds one MB-megabyte string
"""
import base64
import random
import sys
import zipfile


def filler():
    """1 MiB of letters that deflate about 100:1 (a 20 KB random block repeated), under the bomb bound."""
    rnd = random.Random(16)
    block = bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz ") for _ in range(20000))
    return (block * 53)[: 1 << 20]


def nested(n):
    return "[" * n + "]" * n


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "deep-json":
        n, out = int(args[0]), args[1]
        with open(out, "w") as f:
            f.write('{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], '
                    '"credentialSubject": {"id": "x", "deep": ' + nested(n) + "}}")
    elif kind == "deep-disclosure":
        n, src, out = int(args[0]), args[1], args[2]
        text = open(src).read().strip()
        d = base64.urlsafe_b64encode(('["salt", "name", ' + nested(n) + "]").encode()).decode().rstrip("=")
        head = text[: text.index("~") + 1]
        with open(out, "w") as f:
            f.write(head + d + "~" + text[len(head):])
    elif kind == "deep-dump":
        n, out = int(args[0]), args[1]
        with open(out, "w") as f:
            f.write('{"id":"0000000000000000","kind":"note","platform":"x","service":null,"time":null,'
                    '"source":{"archive":"a","path":"p","pointer":""},"data":{"text":' + nested(n) + "}}\n")
    elif kind == "big-field":
        mb, out = int(args[0]), args[1]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("Connections.csv", "w", force_zip64=True) as f:
                f.write(b"Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
                f.write(b"Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical,")
                chunk = filler()
                for _ in range(mb):
                    f.write(chunk)
                f.write(b",01 Jan 2024\nAlan,Turing,https://www.linkedin.com/in/alan,,Bletchley,Cryptanalyst,02 Jan 2024\n")
            z.writestr("Profile.csv", "First Name,Last Name,Headline\nAda,Lovelace,Engineer\n")
    elif kind == "big-json":
        mb, out = int(args[0]), args[1]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("data/manifest.js", 'window.__THAR_CONFIG = {"userInfo": {"accountId": "1", "userName": "ada"}}\n')
            with z.open("data/tweets.js", "w", force_zip64=True) as f:
                f.write(b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "created_at": "Mon Jan 01 00:00:00 +0000 2024", "full_text": "')
                chunk = filler()
                for _ in range(mb):
                    f.write(chunk)
                f.write(b'"}}, {"tweet": {"id_str": "2", "created_at": "Mon Jan 01 00:00:01 +0000 2024", "full_text": "short"}}]\n')
    elif kind == "many-files":
        n, kb, out = int(args[0]), int(args[1]), args[2]
        rnd = random.Random(16)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            z.writestr("Profile.csv", "First Name,Last Name,Headline\nAda,Lovelace,Engineer\n")
            z.writestr("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                       "Alan,Turing,https://www.linkedin.com/in/alan,,Bletchley,Cryptanalyst,02 Jan 2024\n")
            for i in range(n):
                z.writestr("attachments/file-%04d.bin" % i, rnd.randbytes(kb * 1024))
    else:
        sys.exit("unknown kind " + kind)


main()
