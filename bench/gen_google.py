#!/usr/bin/env python3
"""Writes synthetic Google Takeout parts, one product family at a time, so each can be measured
alone, then merges them into the two parts of one export.

  gen_google.py records  DIR MB      Takeout/Location History/Records.json: raw fixes (E7 integers,
                                     accuracy, altitude, velocity, source, deviceTag, activity guesses
                                     on some), ISO `timestamp` on most and `timestampMs` on some
                                     (gen_google.py records DIR MB COUNT: at most COUNT fixes)
  gen_google.py records-other DIR MB the same of another account (another seed: no fix in common)
  gen_google.py activity DIR MB      Takeout/My Activity/<Product>/MyActivity.json for 8 products
  gen_google.py activity-html DIR MB the same products as MyActivity.html (the HTML rendering Takeout
                                     long wrote by default: one div.outer-cell per item, English dates)
  gen_google.py searches DIR COUNT   Takeout/My Activity/Search/MyActivity.json: COUNT searches
  gen_google.py mail     DIR MB      Takeout/Mail/All mail Including Spam and Trash.mbox (mboxrd;
                                     multipart with quoted-printable text and HTML, some base64 attachments)
  gen_google.py photos   DIR COUNT   Takeout/Google Photos/...: fake JPEGs with sidecars in every naming
                                     scheme (.json, .supplemental-metadata.json, cut at 51 characters,
                                     IMG(1).jpg <-> IMG.jpg(1).json, -edited copies without one), album
                                     metadata.json; two parts, a fifth of the sidecars in the other part
  gen_google.py older    DIR FRACTION SUBDIR   the same export as SUBDIR (activity or mail) downloaded
                                     earlier: the oldest FRACTION of each My Activity file's items or of
                                     the mbox's mails (both are written newest first)
  gen_google.py merge    DIR SUBDIR...   DIR/takeout-...-001.zip and -002.zip from the SUBDIRs' parts
                                     (compressed bytes copied, not recompressed), and DIR/expect

Each command writes DIR/takeout-20260101T000000Z-00N.zip and DIR/expect (records per kind the store
must hold). Deterministic (fixed seeds); synthetic content only.
"""

import base64
import os
import quopri
import random
import sys
import time

from benchlib import Items, ZipOut, fake_jpeg, merge_zips, write_expect

STAMP = "takeout-20260101T000000Z"
T0 = 1_325_376_000  # 2012-01-01


def part(d, n):
    return "%s/%s-%03d.zip" % (d, STAMP, n)


def iso(t, ms=0):
    g = time.gmtime(t)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, ms)


# ---- Location History -----------------------------------------------------------------------------

def gen_records(d, mb, count=None, seed=4001):
    rng = random.Random(seed)
    z = ZipOut(part(d, 1))
    e = z.open("Takeout/Location History/Records.json", big=True)
    target = int(mb * 1e6)
    lat, lon, t = 487000000, 23000000, T0
    acts = ["STILL", "ON_FOOT", "WALKING", "IN_VEHICLE", "ON_BICYCLE", "UNKNOWN", "TILTING"]
    sources = ["WIFI", "GPS", "CELL"]
    e.write('{\n  "locations": [')
    n = 0
    buf = []
    size = 0
    first = True
    while e.written + size < target and (count is None or n < count):
        lat += rng.randint(-900, 900)
        lon += rng.randint(-1400, 1400)
        t += rng.randint(5, 90)
        ms = rng.randint(0, 999)
        x = rng.random()
        fix = ['    "latitudeE7": %d,\n    "longitudeE7": %d,\n    "accuracy": %d,\n' % (lat, lon, rng.randint(3, 1800))]
        if x < 0.6:
            fix.append('    "velocity": %d,\n    "altitude": %d,\n    "verticalAccuracy": %d,\n'
                       % (rng.randint(0, 30), rng.randint(20, 900), rng.randint(1, 40)))
        if x < 0.2:
            fix.append('    "activity": [{\n      "activity": [{\n        "type": "%s",\n        "confidence": %d\n'
                       '      }, {\n        "type": "%s",\n        "confidence": %d\n      }],\n'
                       '      "timestamp": "%s"\n    }],\n'
                       % (rng.choice(acts), rng.randint(40, 100), rng.choice(acts), rng.randint(0, 40), iso(t - 3, ms)))
        if x > 0.9:  # older fixes: milliseconds as a string, no platform
            fix.append('    "source": "%s",\n    "deviceTag": %d,\n    "timestampMs": "%d"\n'
                       % (rng.choice(sources), -1234567 + (n & 7), t * 1000 + ms))
        else:
            fix.append('    "source": "%s",\n    "deviceTag": %d,\n    "platformType": "ANDROID",\n'
                       '    "formFactor": "PHONE",\n    "timestamp": "%s"\n' % (rng.choice(sources), 1978796627 + (n & 3), iso(t, ms)))
        s = ("{\n" if first else ", {\n") + "".join(fix) + "  }"
        first = False
        buf.append(s)
        size += len(s)
        n += 1
        if size > 1 << 20:
            e.write("".join(buf))
            buf, size = [], 0
    e.write("".join(buf))
    e.write("]\n}\n")
    z.done(e)
    z.close()
    write_expect(d + "/expect", {"location": n})
    print("   Records.json: %d fixes, %.0f MB" % (n, e.written / 1e6))


# ---- My Activity ----------------------------------------------------------------------------------

PRODUCTS = [  # folder, weight, activity control
    ("Search", 35, "Web & App Activity"), ("YouTube", 30, "YouTube watch history"),
    ("Chrome", 12, "Web & App Activity"), ("Maps", 8, "Web & App Activity"), ("Ads", 5, "Web & App Activity"),
    ("Google Play Store", 4, "Web & App Activity"), ("Discover", 3, "Web & App Activity"),
    ("Image Search", 3, "Web & App Activity"),
]
TERMS = ("weather lyon caf\u00e9 near me m\u00fcnchen train times bridge load truss recipe cr\u00e8me br\u00fbl\u00e9e "
         "s\u00e3o paulo flights bike repair python zip streaming \u65e5\u672c\u8a9e how to cook rice "
         "concert tickets museum hours l\u00f8rdag \u00e9t\u00e9 2024 news sqlite wal mode").split()


def activity_item(rng, product, control, i, t):
    words = " ".join(rng.choice(TERMS) for _ in range(rng.randint(2, 6)))
    q = words.replace(" ", "+")
    ts = iso(t, rng.randint(0, 999))
    extra = ""
    if product == "YouTube":
        title, url = "Watched %s %d" % (words, i), "https://www.youtube.com/watch?v=v%010d" % i
        extra = ('  "subtitles": [{\n    "name": "Channel %d",\n    "url": "https://www.youtube.com/channel/UC%016d"\n'
                 '  }],\n' % (i % 5000, i % 5000))
    elif product in ("Search", "Image Search"):
        title, url = "Searched for %s %d" % (words, i), "https://www.google.com/search?q=%s+%d" % (q, i)
        if rng.random() < 0.3:
            extra = ('  "locationInfos": [{\n    "name": "At this general area",\n'
                     '    "url": "https://www.google.com/maps/@?api=1&map_action=map&center=45.76,4.83&zoom=12",\n'
                     '    "source": "From your device",\n    "sourceUrl": "https://support.google.com/websearch/answer/1"\n'
                     '  }],\n')
    elif product == "Ads":
        title, url = "Visited shop-%d.example.com" % (i % 900), "https://www.googleadservices.com/pagead/aclk?sa=L&ai=%d" % i
        extra = '  "details": [{\n    "name": "From Google Ads"\n  }],\n'
    elif product == "Maps":
        title, url = "Searched for %s %d" % (words, i), "https://www.google.com/maps/search/%s+%d" % (q, i)
    elif product == "Google Play Store":
        title, url = "Used App %d" % i, "https://play.google.com/store/apps/details?id=com.example.app%d" % (i % 700)
    else:
        title, url = "Visited %s %d" % (words, i), "https://example.org/page/%d?ref=%s" % (i, q)
    desc = ""
    if rng.random() < 0.1:
        desc = '  "description": "%s",\n' % " ".join(rng.choice(TERMS) for _ in range(12))
    return ('{\n  "header": "%s",\n  "title": "%s",\n  "titleUrl": "%s",\n%s%s  "time": "%s",\n'
            '  "products": ["%s"],\n  "activityControls": ["%s"]\n}'
            % (product, title, url, desc, extra, ts, product, control))


def write_activity(d, mb, seed, ext, head, sep, tail, item, label):
    """Each product's MyActivity.<ext>: `head`, items made by item(rng, product, control, i, t)
    joined by `sep`, newest first, until its share of MB, then `tail`."""
    rng = random.Random(seed)
    z = ZipOut(part(d, 1))
    total_w = sum(w for _, w, _ in PRODUCTS)
    n_all = 0
    for product, w, control in PRODUCTS:
        e = z.open("Takeout/My Activity/%s/MyActivity.%s" % (product, ext), big=True)
        target = int(mb * 1e6 * w / total_w)
        t = T0 + 9 * 10**7 + len(product) * 1000  # newest first, one second apart at least
        e.write(head)
        buf, size, first = [], 0, True
        while e.written + size < target:
            s = ("" if first else sep) + item(rng, product, control, n_all, t)
            first = False
            buf.append(s)
            size += len(s)
            n_all += 1
            t -= rng.randint(1, 400)
            if size > 1 << 20:
                e.write("".join(buf))
                buf, size = [], 0
        e.write("".join(buf) + tail)
        z.done(e)
    z.close()
    write_expect(d + "/expect", {"activity": n_all})
    print("   %s: %d items in %d products, %.0f MB" % (label, n_all, len(PRODUCTS), z.bytes / 1e6))


def gen_activity(d, mb):
    write_activity(d, mb, 4002, "json", "[", ",", "]", activity_item, "My Activity")


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def html_date(t):  # "Feb 3, 2024, 7:22:41 PM UTC", as an English-language Takeout writes it
    g = time.gmtime(t)
    hour = g.tm_hour % 12 or 12
    return "%s %d, %d, %d:%02d:%02d %s UTC" % (MONTHS[g.tm_mon - 1], g.tm_mday, g.tm_year, hour, g.tm_min, g.tm_sec,
                                               "AM" if g.tm_hour < 12 else "PM")


def activity_html_item(rng, product, control, i, t):
    words = " ".join(rng.choice(TERMS) for _ in range(rng.randint(2, 6)))
    q = words.replace(" ", "+")
    extra = ""
    if product == "YouTube":
        body = ('Watched&nbsp;<a href="https://www.youtube.com/watch?v=v%010d">%s %d</a><br>'
                '<a href="https://www.youtube.com/channel/UC%016d">Channel %d</a><br>' % (i, words, i, i % 5000, i % 5000))
    elif product in ("Search", "Image Search", "Maps"):
        body = 'Searched for&nbsp;<a href="https://www.google.com/search?q=%s+%d">%s %d</a><br>' % (q, i, words, i)
        if rng.random() < 0.3:
            extra = ('<br><b>Locations:</b><br>&emsp;At <a href="https://www.google.com/maps/@?api=1&amp;map_action=map'
                     '&amp;center=45.76,4.83&amp;zoom=12">this general area</a> - From your device')
    elif product == "Ads":
        body = 'Visited&nbsp;<a href="https://www.googleadservices.com/pagead/aclk?sa=L&amp;ai=%d">shop-%d.example.com</a><br>' % (i, i % 900)
        extra = "<br><b>Details:</b><br>&emsp;From Google Ads"
    elif product == "Google Play Store":
        body = 'Used&nbsp;<a href="https://play.google.com/store/apps/details?id=com.example.app%d">App %d</a><br>' % (i % 700, i)
    else:
        body = 'Visited&nbsp;<a href="https://example.org/page/%d?ref=%s">%s %d</a><br>' % (i, q, words, i)
    return ('<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
            '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">%s<br></p></div>'
            '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1">%s%s</div>'
            '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right"></div>'
            '<div class="content-cell mdl-cell mdl-cell--12-col mdl-typography--caption"><b>Products:</b><br>&emsp;%s%s'
            '<br><b>Why is this here?</b><br>&emsp;This activity was saved to your Google Account because the following '
            'settings were on:&nbsp;%s.&nbsp;You can control these settings &nbsp;'
            '<a href="https://myaccount.google.com/activitycontrols">here</a>.</div></div></div>\n'
            % (product, body, html_date(t), product, extra, control))


def gen_activity_html(d, mb):
    write_activity(d, mb, 4003, "html", '<html><head><meta charset="UTF-8"><title>My Activity</title><style '
                   'type="text/css">.mdl-card{}</style></head><body><div class="mdl-grid">\n', "",
                   "</div></body></html>\n", activity_html_item, "My Activity (HTML)")


def gen_searches(d, count):
    """COUNT Search items only, in Takeout/My Activity/Search/MyActivity.json."""
    rng = random.Random(4005)
    z = ZipOut(part(d, 1))
    e = z.open("Takeout/My Activity/Search/MyActivity.json", big=True)
    t = T0 + 9 * 10**7
    items = Items(e, sep=",", batch=2000)
    e.write("[")
    for i in range(count):
        items.add(activity_item(rng, "Search", "Web & App Activity", i, t))
        t -= rng.randint(1, 400)
    items.flush()
    e.write("]")
    z.done(e)
    z.close()
    write_expect(d + "/expect", {"activity": count})
    print("   My Activity: %d searches, %.0f MB" % (count, z.bytes / 1e6))


# ---- Gmail ----------------------------------------------------------------------------------------

NAMES = ["Am\u00e9lie Durand", "Bob Example", "Chlo\u00e9 Martin", "J\u00fcrgen Wei\u00df", "Sara Nov\u00e1k",
         "Kenji Tanaka", "Noor Haddad", "Lucas Ferreira"]
BODY = ("Hello, thanks for the update on the project. The meeting moves to Thursday at 10h. "
        "Caf\u00e9 near the station? \u00c0 bient\u00f4t. Here are the notes from last week, "
        "please check the numbers before Friday. \u2014 best regards").split()


def mail_text(rng, i):
    lines = []
    for _ in range(rng.randint(6, 50)):
        lines.append(" ".join(rng.choice(BODY) for _ in range(rng.randint(6, 14))))
    if i % 7 == 0:
        lines.append("")
        lines.append(">From the station, walk south.")  # mboxrd: a body line "From the station..."
    lines.append("Message %d" % i)
    return "\n".join(lines) + "\n"


def gen_mail(d, mb):
    rng = random.Random(4003)
    z = ZipOut(part(d, 1))
    e = z.open("Takeout/Mail/All mail Including Spam and Trash.mbox", big=True)
    target = int(mb * 1e6)
    n = attached = 0
    t = T0 + 2 * 10**8
    while e.written < target:
        t -= rng.randint(60, 20000)
        g = time.gmtime(t)
        sender = rng.choice(NAMES)
        who = sender.split()[0].lower().encode("ascii", "ignore").decode() or "x"
        subject = "Re: notes %d \u00e9t\u00e9" % n if n % 3 else "Weekly update %d" % n
        subj_hdr = "=?UTF-8?B?%s?=" % base64.b64encode(subject.encode()).decode() if n % 3 else subject
        name_hdr = "=?UTF-8?Q?%s?=" % quopri.encodestring(sender.encode(), header=True).decode()
        text = mail_text(rng, n)
        qp = quopri.encodestring(text.encode()).decode()
        html = "<div>%s</div>\n" % text.replace("\n", "<br>\n")
        b, a = "mix%08d" % n, "alt%08d" % n
        alt = ('Content-Type: multipart/alternative; boundary="%s"\n\n'
               '--%s\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
               '%s\n--%s\nContent-Type: text/html; charset="UTF-8"\nContent-Transfer-Encoding: 8bit\n\n%s\n'
               '--%s--\n' % (a, a, qp, a, html, a))
        head = ("From %d@xxx %s\nX-GM-THRID: %d\nX-Gmail-Labels: %s\nDelivered-To: me@example.com\n"
                "Received: by 2002:a05:6000:1:b0:1 with SMTP id x%d;\n        %s\n"
                "Message-ID: <bench-%d@mail.example.org>\nDate: %s\nFrom: %s <%s@example.org>\n"
                "To: Me <me@example.com>\nSubject: %s\nMIME-Version: 1.0\n"
                % (1790000000000000000 + n, time.strftime("%a %b %d %H:%M:%S +0000 %Y", g),
                   1790000000000000000 + n // 4, "Sent" if n % 5 == 0 else "Inbox,Category Personal,Opened",
                   n, time.strftime("%a, %d %b %Y %H:%M:%S -0000", g), n,
                   time.strftime("%a, %d %b %Y %H:%M:%S +0000", g), name_hdr, who, subj_hdr))
        if rng.random() < 0.08:
            attached += 1
            blob = fake_jpeg(rng, rng.randint(20000, 150000))
            att = base64.encodebytes(blob).decode()
            msg = (head + 'Content-Type: multipart/mixed; boundary="%s"\n\n--%s\n%s\n--%s\n'
                   'Content-Type: image/jpeg; name="photo_%d.jpg"\nContent-Disposition: attachment; filename="photo_%d.jpg"\n'
                   'Content-Transfer-Encoding: base64\n\n%s--%s--\n\n' % (b, b, alt, b, n, n, att, b))
        else:
            msg = head + alt + "\n"
        e.write(msg)
        n += 1
    z.done(e)
    z.close()
    write_expect(d + "/expect", {"message": n})
    print("   mbox: %d mails (%d with an attachment), %.0f MB" % (n, attached, e.written / 1e6))


# ---- Google Photos --------------------------------------------------------------------------------

def sidecar(rng, title, t, i):
    lat = 45.0 + (i % 500) * 0.01 if i % 4 else 0.0
    lon = 4.0 + (i % 300) * 0.01 if i % 4 else 0.0
    g = time.strftime("%d %b %Y, %H:%M:%S UTC", time.gmtime(t))
    return ('{\n  "title": "%s",\n  "description": "%s",\n  "imageViews": "%d",\n'
            '  "creationTime": {\n    "timestamp": "%d",\n    "formatted": "%s"\n  },\n'
            '  "photoTakenTime": {\n    "timestamp": "%d",\n    "formatted": "%s"\n  },\n'
            '  "geoData": {\n    "latitude": %.4f,\n    "longitude": %.4f,\n    "altitude": 0.0,\n'
            '    "latitudeSpan": 0.0,\n    "longitudeSpan": 0.0\n  },\n'
            '  "geoDataExif": {\n    "latitude": %.4f,\n    "longitude": %.4f,\n    "altitude": 0.0,\n'
            '    "latitudeSpan": 0.0,\n    "longitudeSpan": 0.0\n  },\n'
            '%s  "url": "https://photos.google.com/photo/AF1Qip%012d",\n'
            '  "googlePhotosOrigin": {\n    "mobileUpload": {\n      "deviceType": "ANDROID_PHONE"\n    }\n  }\n}\n'
            % (title, "Caf\u00e9 \u00e9t\u00e9" if i % 9 == 0 else "", rng.randint(0, 40), t + 3600, g, t, g, lat, lon,
               lat, lon, '  "people": [{\n    "name": "Zo\u00eb M\u00fcller"\n  }],\n' if i % 11 == 0 else "", i))


def gen_photos(d, count):
    rng = random.Random(4004)
    parts = [ZipOut(part(d, 1)), ZipOut(part(d, 2))]
    n_media = n_side = n_albums = 0
    folders = ["Photos from %d" % y for y in range(2019, 2025)]
    albums = ["Trip to Lyon %d" % a for a in range(5)]
    for a, name in enumerate(albums):
        parts[a % 2].put("Takeout/Google Photos/%s/metadata.json" % name,
                         '{\n  "title": "%s",\n  "description": "",\n  "access": "protected",\n'
                         '  "date": {\n    "timestamp": "%d",\n    "formatted": "x"\n  }\n}\n' % (name, T0 + a * 10**6))
        n_albums += 1
    for i in range(count):
        folder = albums[i % 5] if i % 10 == 0 else folders[i % len(folders)]
        base = "Takeout/Google Photos/%s/" % folder
        t = T0 + 10**8 + i * 7211
        kind = i % 20
        if kind < 2:  # long name: the sidecar's name is cut to 51 characters
            name = "Screenshot_%05d_20240203-120000_com.example.longappname.png" % i
            side = (name + ".supplemental-metadata")[:46] + ".json"
        elif kind < 8:
            name = "IMG_%05d.jpg" % i
            side = name + ".json"
        else:
            name = "PXL_%d_%05d.jpg" % (20190101 + i % 1000, i)
            side = name + ".supplemental-metadata.json"
        p = parts[i % 2]
        sp = parts[(i + 1) % 2] if i % 5 == 0 else p  # a fifth of the sidecars sit in the other part
        p.put(base + name, fake_jpeg(rng, rng.randint(30000, 120000)))
        sp.put(base + side, sidecar(rng, name, t, i))
        n_media += 1
        n_side += 1
        if i % 33 == 0 and kind >= 2:  # an edited copy, no sidecar of its own
            stem, ext = name.rsplit(".", 1)
            p.put(base + "%s-edited.%s" % (stem, ext), fake_jpeg(rng, rng.randint(30000, 120000)))
            n_media += 1
        if i % 50 == 7 and kind >= 2:  # a second file of the same name: IMG(1).jpg <-> IMG.jpg(1).json
            stem, ext = name.rsplit(".", 1)
            p.put(base + "%s(1).%s" % (stem, ext), fake_jpeg(rng, rng.randint(30000, 120000)))
            sp.put(base + "%s(1).json" % name, sidecar(rng, "%s(1).%s" % (stem, ext), t + 1, i + count))
            n_media += 1
            n_side += 1
    for p in parts:
        p.close()
    write_expect(d + "/expect", {"media": n_media + n_albums})
    print("   Google Photos: %d files, %d sidecars, %d albums, %.0f MB"
          % (n_media, n_side, n_albums, (parts[0].bytes + parts[1].bytes) / 1e6))


# ---- an earlier download of the same account ------------------------------------------------------

def older(d, fraction, src):
    """Copies SRC's part 001 keeping, in each My Activity file and mbox, only its oldest FRACTION of
    items (they are written newest first, so a suffix): what a Takeout of the same account taken
    earlier held. Records.json and Google Photos are prefixes of a bigger run (their generators'
    smaller sizes), so they need no copy."""
    import zipfile
    kinds = {}
    z = ZipOut(part(d, 1))
    with zipfile.ZipFile(part(src, 1)) as zin:
        for info in zin.infolist():
            with zin.open(info) as f:
                text = f.read().decode("utf-8")
            if info.filename.endswith("/MyActivity.json"):
                # Items are "{\n  \"header\"..." joined by ","; none holds that text inside.
                items = text.strip()[1:-1].split(',{\n  "header"')
                items = items[:1] + ['{\n  "header"' + i for i in items[1:]]
                kept = items[len(items) - int(len(items) * fraction):]
                kinds["activity"] = kinds.get("activity", 0) + len(kept)
                text = "[" + ",".join(kept) + "]"
            elif info.filename.endswith(".mbox"):
                mails = ("\n" + text).split("\nFrom ")[1:]  # mboxrd: body lines "From " are quoted
                kept = mails[len(mails) - int(len(mails) * fraction):]
                kinds["message"] = kinds.get("message", 0) + len(kept)
                text = "".join("From " + m + "\n" for m in kept)
            else:
                raise SystemExit("older: %s: only My Activity and mbox exports" % info.filename)
            e = z.open(info.filename, big=True)
            e.write(text)
            z.done(e)
    z.close()
    write_expect(d + "/expect", kinds)
    print("   an earlier download: %s" % ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items())))


# ---- the whole export -----------------------------------------------------------------------------

def merge(d, subdirs):
    """Part 001: an archive_browser.html, then every sub-export's part 001 except the mail; part
    002: the mail and every part 002."""
    os.makedirs(d, exist_ok=True)
    head = d + "/head.zip"
    z = ZipOut(head)
    z.put("Takeout/archive_browser.html", "<html><body><h1>Your Google data (synthetic)</h1></body></html>\n")
    z.close()
    first, second = [head], []
    kinds = {}
    for s in subdirs:
        ones = [part(s, 1)] if os.path.exists(part(s, 1)) else []
        twos = [part(s, 2)] if os.path.exists(part(s, 2)) else []
        if os.path.basename(s.rstrip("/")) == "mail":
            second += ones + twos
        else:
            first += ones
            second += twos
        with open(s + "/expect") as f:
            for line in f:
                k, v = line.split()
                kinds[k] = kinds.get(k, 0) + int(v)
    merge_zips(part(d, 1), first)
    merge_zips(part(d, 2), second)
    os.remove(head)
    write_expect(d + "/expect", kinds)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if cmd == "merge":
        merge(out, sys.argv[3:])
    elif cmd == "older":
        older(out, float(sys.argv[3]), sys.argv[4])
    elif cmd in ("records", "records-other"):
        gen_records(out, float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None,
                    4001 if cmd == "records" else 5001)
    elif cmd == "searches":
        gen_searches(out, int(float(sys.argv[3])))
    elif cmd == "activity":
        gen_activity(out, float(sys.argv[3]))
    elif cmd == "activity-html":
        gen_activity_html(out, float(sys.argv[3]))
    elif cmd == "mail":
        gen_mail(out, float(sys.argv[3]))
    elif cmd == "photos":
        gen_photos(out, int(float(sys.argv[3])))
    else:
        sys.exit(__doc__)
