#!/usr/bin/env python3
"""Inputs for bench/scaling.sh: each one the shape that once cost the square of its size.

  gen_scaling.py instagram  OUT.zip N  N JSON files of an Instagram export, each after 20 photos
                                       (a head read, then the file: the zip was reopened for each)
  gen_scaling.py mbox       DIR N      a Gmail mbox of one mail whose base64 text part has N CRLF lines
  gen_scaling.py chatgpt    DIR N      one conversation: an edited first turn left N turns off the thread
  gen_scaling.py sidecars   DIR N      one Google Photos folder of N photos with their sidecars
  gen_scaling.py samename   DIR N      N Google photos all named IMG_0001.PNG, taken the same month
  gen_scaling.py people     DIR N      a LinkedIn export: N connections named Maria, N messages naming Maria
  gen_scaling.py phone      DIR N      a dataport dump of N contacts who share one phone number (one vCard)
  gen_scaling.py exports    DIR N      a dataport dump of N location fixes, events, posts and messages (for the
                                       exports' peak memory, which must not grow with them)
  gen_scaling.py photos     OUT.zip N  a Google Photos Takeout of N photos in eight yearly folders, each with a
                                       full sidecar (places, people, origin, URL) (for ingest's memory a photo)
  gen_scaling.py threads    OUT.zip N  a Messenger-only Facebook download of N thread files of 40 messages
                                       (about 7 KB each) (for ingest's memory a file)
  gen_scaling.py newer      DIR N      a Takeout of N location fixes (gen_google.py records), and in DIR/newer the
                                       same export downloaded again (another zip comment): every fix present

Synthetic names and bytes only, fixed seeds.
"""
import base64
import json
import os
import sys
import zipfile


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def instagram(out, n):
    # The shipped sample's files, so that the export is recognised, then the photos and searches.
    sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "instagram",
                          "accounts-center-2024", "instagram-ana.kovac-2024-06-10-XyZ12345")
    root = "instagram-ana.kovac-2024-06-10-XyZ12345/"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for folder, _, files in sorted(os.walk(sample)):
            for f in sorted(files):
                path = os.path.join(folder, f)
                z.write(path, root + os.path.relpath(path, sample))
        for i in range(n):
            for j in range(20):
                z.writestr(root + "media/posts/2024%02d/%d_%d_n.jpg" % (1 + j % 12, i, j),
                           b"\xff\xd8\xff" + (i * 20 + j).to_bytes(4, "big") + b"\0" * 60)
            doc = {"searches_keyword": [{"title": "", "string_map_data": {
                "Search": {"value": "query %d" % i + " pad" * 300}, "Time": {"timestamp": 1710000000 + i}}}]}
            z.writestr(root + "logged_information/recent_searches/searches_%d.json" % i, json.dumps(doc))


def mbox(out, n):
    body = "".join("Line %d of a long plain text mail body with some words.\r\n" % i for i in range(n))
    write(os.path.join(out, "Takeout", "Mail", "All mail Including Spam and Trash.mbox"),
          "From 1234@xxx Mon Jan 01 10:00:00 +0000 2024\n"
          "Message-ID: <a@b>\nSubject: test\nFrom: A <a@example.org>\nTo: b@example.org\n"
          "Date: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n"
          "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(body.encode()).decode() + "\n")


def chatgpt(out, n):
    def message(i, role, text):
        return {"id": i, "author": {"role": role}, "create_time": 1700000000, "status": "finished_successfully",
                "content": {"content_type": "text", "parts": [text]}}
    mapping = {"root": {"id": "root", "message": None, "parent": None, "children": ["a0", "b0"]}}
    parent = "root"
    for k in range(n):
        node = "a%d" % k
        mapping[node] = {"id": node, "message": message(node, "user" if k % 2 == 0 else "assistant", "turn %d" % k),
                         "parent": parent, "children": ["a%d" % (k + 1)] if k + 1 < n else []}
        parent = node
    mapping["b0"] = {"id": "b0", "message": message("b0", "user", "edited"), "parent": "root", "children": []}
    conv = {"title": "t", "create_time": 1700000000, "update_time": 1700000000, "mapping": mapping,
            "current_node": "b0", "conversation_id": "c1", "id": "c1"}
    write(os.path.join(out, "conversations.json"), json.dumps([conv]))
    write(os.path.join(out, "user.json"), json.dumps({"id": "user-1", "email": "a@example.org"}))


def photo(d, name, sidecar, i, when):
    write(os.path.join(d, name), b"\x89PNG\r\n\x1a\n" + i.to_bytes(4, "big") + b"\0" * 20, "wb")
    write(os.path.join(d, sidecar), json.dumps({"title": name, "photoTakenTime": {"timestamp": str(when)}}))


def sidecars(out, n):
    d = os.path.join(out, "Takeout", "Google Photos", "Photos from 2019")
    for i in range(n):
        name = "IMG_%06d.png" % i
        photo(d, name, name + (".supplemental-metadata.json" if i % 2 else ".json"), i, 1561939200 + i)


def samename(out, n):
    base = os.path.join(out, "Takeout", "Google Photos", "Photos from 2019")
    for i in range(n):  # a folder each on disk (else they would be one file); one month in the export
        photo(os.path.join(base, "%d" % i), "IMG_0001.PNG", "IMG_0001.PNG.json", i, 1561939200 + i)


def people(out, n):
    d = os.path.join(out, "Complete_LinkedInDataExport_03-15-2026")
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"]
    rows += ["Maria,Surname%06d,https://www.linkedin.com/in/maria-%d,,Acme,Engineer,08 Feb 2026\n" % (i, i) for i in range(n)]
    write(os.path.join(d, "Connections.csv"), "".join(rows))
    rows = ["CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"]
    rows += ['c%d,,Ana Bell,https://www.linkedin.com/in/ana,Bo Cole,https://www.linkedin.com/in/bo,2024-01-01 10:00:%02d UTC,,'
             '"Hi Maria, did you talk to Maria today? Maria said yes %d",INBOX\n' % (i, i % 60, i) for i in range(n)]
    write(os.path.join(d, "messages.csv"), "".join(rows))



def phone(out, n):
    import hashlib
    archive = hashlib.sha256(b"scaling-phone").hexdigest()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "records.ndjson"), "w") as f:
        f.write('{"dataport":"dump","model_version":2}\n')
        for i in range(n):
            data = {"name": "Person %d" % i, "username": "user%d" % i, "relation": "address_book", "note": "note %d" % i,
                    "emails": [{"address": "p%d@example.com" % (i % 1000)}], "phones": [{"number": "+33 1 23 45 67 89"}]}
            f.write(json.dumps({"id": hashlib.sha256(b"phone%d" % i).hexdigest()[:32], "kind": "contact",
                                "platform": "bench", "service": None, "time": "2010-01-01T00:00:00Z",
                                "source": {"archive": archive, "path": "bench.json", "pointer": "/%d" % i},
                                "data": data}, separators=(",", ":")) + "\n")


def exports(out, n):
    import hashlib
    import time
    archive = hashlib.sha256(b"scaling").hexdigest()
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "records.ndjson"), "w") as f:
        f.write('{"dataport":"dump","model_version":2}\n')
        for i in range(n):
            t = 1262304000 + i * 60 + (i // 500) * 7200  # a fix a minute, a 2-hour gap every 500
            for kind, data in (
                    ("location", {"type": "fix", "lat": 45 + (i % 1000) / 1e4, "lon": 15 + (i % 777) / 1e4}),
                    ("event", {"name": "Event %d" % i, "start": iso(t), "end": iso(t + 3600), "location": "Hall"}),
                    ("post", {"text": "post %d #tag%d " % (i, i % 50) + "words " * 40}),
                    ("message", {"text": "message %d " % i + "words " * 20, "thread_id": "t%d" % (i % 100),
                                 "from": {"name": "Person %d" % (i % 20)}})):
                f.write(json.dumps({"id": hashlib.sha256(b"%s%d" % (kind.encode(), i)).hexdigest()[:32], "kind": kind,
                                    "platform": "bench", "service": None, "time": iso(t),
                                    "source": {"archive": archive, "path": "bench.json", "pointer": "/%d" % i},
                                    "data": data}, separators=(",", ":")) + "\n")


def photos(out, n):
    import random
    rnd = random.Random(7)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            year = 2015 + i % 8
            d = "Takeout/Google Photos/Photos from %d/" % year
            name = "IMG_%d0704_%06d.jpg" % (year, i)
            t = 1420070400 + i * 600
            geo = {"latitude": 48 + rnd.random(), "longitude": 2 + rnd.random(), "altitude": 35.2,
                   "latitudeSpan": 0.0, "longitudeSpan": 0.0}
            sidecar = {"title": name, "description": "", "imageViews": str(i % 17),
                       "creationTime": {"timestamp": str(t + 50), "formatted": "4 Jul 2019, 14:20:00 UTC"},
                       "photoTakenTime": {"timestamp": str(t), "formatted": "4 Jul 2019, 12:34:56 UTC"},
                       "geoData": geo, "geoDataExif": geo,
                       "people": [{"name": "Person %d" % (i % 13)}] if i % 3 == 0 else [],
                       "url": "https://photos.google.com/photo/AF1Qip%040d" % i,
                       "googlePhotosOrigin": {"mobileUpload": {"deviceFolder": {"localFolderName": ""},
                                                               "deviceType": "ANDROID_PHONE"}}}
            z.writestr(d + name, b"\xff\xd8\xff\xe0" + i.to_bytes(4, "big") + b"\0" * 24, compress_type=zipfile.ZIP_STORED)
            z.writestr(d + name + (".supplemental-metadata.json" if i % 2 else ".json"), json.dumps(sidecar, indent=2))


def threads(out, n):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for t in range(n):
            folder = "friend%d_%010d" % (t, 1000000000 + t)
            msgs = [{"sender_name": "Friend %d" % t if i % 2 else "Me", "timestamp_ms": 1600000000000 + t * 10**7 + i * 1000,
                     "content": "message %d of thread %d, with some words to make it a real size" % (i, t)}
                    for i in range(40)]
            z.writestr("your_facebook_activity/messages/inbox/%s/message_1.json" % folder,
                       json.dumps({"participants": [{"name": "Friend %d" % t}, {"name": "Me"}], "messages": msgs,
                                   "title": "Friend %d" % t, "is_still_participant": True,
                                   "thread_path": "inbox/" + folder}, indent=2))


def newer(out, n):
    import contextlib
    import io
    import shutil
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gen_google
    with contextlib.redirect_stdout(io.StringIO()):  # its summary line
        gen_google.gen_records(out, 1e12, n)
    first = gen_google.part(out, 1)
    again = os.path.join(out, "newer", os.path.basename(first))
    os.makedirs(os.path.dirname(again))
    shutil.copyfile(first, again)
    with zipfile.ZipFile(again, "a") as z:
        z.comment = b"the same export, downloaded again"


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    globals()[sys.argv[1]](sys.argv[2], int(sys.argv[3]))
