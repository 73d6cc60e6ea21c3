#!/usr/bin/env python3
"""Writes a synthetic Telegram Desktop JSON export as one zip: result.json with personal
information, contacts and frequent contacts, sessions, and chats (personal chats, a supergroup, a
channel left) holding MESSAGES messages in all: plain texts and entity arrays, replies, forwards,
edits, reactions, service events (calls, invitations), and photos whose files are in the zip
(one in 50 messages; small fake JPEGs under chats/chat_NNN/photos/).

Usage: gen_telegram.py OUT_DIR MESSAGES
Writes OUT_DIR/telegram-export.zip and OUT_DIR/expect. Synthetic content only.
"""

import json
import random
import sys

from benchlib import Items, ZipOut, fake_jpeg, write_expect

T0 = 1_600_000_000
ME = 5550001111
WORDS = ("Treffpunkt Rad Köln morgen um zehn Uhr café été naïve — «quoted» 日本語 Канал новостей "
         "route bridge river helmet tyre pump \U0001f6b2 \U0001f642 ok yes no maybe").split()


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def when(t, key="date"):
    return {key: "2020-09-13T12:26:40", key + "_unixtime": str(t)}


def main(out, messages):
    rng = random.Random(21)
    z = ZipOut(out + "/telegram-export.zip")
    root = "DataExport_2026-01-01/"
    e = z.open(root + "result.json", big=True)
    kinds = {"profile": 1, "contact": 0, "login": 0, "message": 0, "group": 0}
    e.write('{\n "about": "Here is the data you requested.",\n')
    e.write(' "personal_information": ' + json.dumps({"user_id": ME, "first_name": "Ana", "last_name": "Bench",
                                                     "phone_number": "+49 151 00000001", "username": "@ana_bench"}) + ",\n")
    contacts = [dict(user_id=ME + 1 + i, first_name="Kontakt", last_name="Nr. %d" % i, phone_number="+49 151 %08d" % i,
                     **when(T0 + i)) for i in range(500)]
    kinds["contact"] += len(contacts)
    e.write(' "contacts": {"about": "contacts", "list": ' + json.dumps(contacts, ensure_ascii=False) + "},\n")
    frequent = [{"id": ME + 1 + i, "category": "people", "type": "user", "name": "Kontakt Nr. %d" % i, "rating": i / 7}
                for i in range(50)]
    kinds["contact"] += len(frequent)  # frequent contacts are contacts too
    e.write(' "frequent_contacts": {"about": "frequent", "list": ' + json.dumps(frequent, ensure_ascii=False) + "},\n")
    sessions = [dict(**when(T0 + i, "last_active"), last_ip="198.51.100.%d" % i, last_country="Germany", last_region="NRW",
                     application_name="Telegram Desktop", application_version="5.%d" % i, device_model="Laptop %d" % i,
                     platform="Linux", system_version="Debian", **when(T0 + i, "created")) for i in range(20)]
    kinds["login"] = len(sessions)
    e.write(' "sessions": {"about": "sessions", "list": ' + json.dumps(sessions) + "},\n")
    # Chats: 40 personal chats, one supergroup, one channel (left); messages spread over them.
    chats = [("personal_chat", ME + 1 + i, "Kontakt Nr. %d" % i) for i in range(40)]
    chats.append(("private_supergroup", 1700000001, "Fahrradclub Bench 🚲"))
    left = [("public_channel", 1800000002, "Канал новостей 📰")]
    per_chat = max(1, messages // (len(chats) + len(left)))
    written = 0
    photos = []

    def chat(idx, kind, cid, name, count):
        nonlocal written
        folder = "chats/chat_%03d/" % idx
        e.write(json.dumps({"name": name, "type": kind, "id": cid}, ensure_ascii=False)[:-1] + ', "messages": [\n')
        items = Items(e)
        for m in range(1, count + 1):
            t = T0 + 100_000 + written * 7
            sender = ME if rng.random() < 0.4 else cid if kind == "personal_chat" else ME + 1 + rng.randrange(40)
            msg = {"id": m, "type": "message", **when(t), "from": "Ana Bench" if sender == ME else "Kontakt",
                   "from_id": "user%d" % sender}
            r = rng.random()
            if r < 0.03:
                msg = {"id": m, "type": "service", **when(t), "actor": "Kontakt", "actor_id": "user%d" % sender,
                       "action": "phone_call", "duration_seconds": rng.randint(1, 900), "discard_reason": "hangup", "text": ""}
            else:
                if r < 0.3:
                    text = [words(rng, 2, 8) + " ", {"type": "bold", "text": words(rng, 1, 3)}, " ",
                            {"type": "text_link", "text": "hier", "href": "https://example.org/%d" % t}]
                else:
                    text = words(rng, 3, 40)
                msg["text"] = text
                if m > 1 and rng.random() < 0.1:
                    msg["reply_to_message_id"] = m - 1
                if rng.random() < 0.05:
                    msg["forwarded_from"] = "Канал новостей 📰"
                if rng.random() < 0.05:
                    msg.update(when(t + 60, "edited"))
                if rng.random() < 0.05:
                    msg["reactions"] = [{"type": "emoji", "count": 1, "emoji": "👍",
                                         "recent": [{"from": "Kontakt", "from_id": "user%d" % (ME + 1), "date": "x"}]}]
                if rng.random() < 0.02:
                    path = folder + "photos/photo_%d@13-09-2020_12-26-40.jpg" % m
                    msg["photo"] = path
                    msg["width"], msg["height"] = 1280, 960
                    photos.append(root + path)
            items.add(json.dumps(msg, ensure_ascii=False))
            written += 1
        items.flush()
        e.write("\n]}")
        kinds["message"] += count
        if kind != "personal_chat":
            kinds["group"] += 1

    e.write(' "chats": {"about": "chats", "list": [\n')
    for i, (kind, cid, name) in enumerate(chats):
        if i:
            e.write(",\n")
        chat(i + 1, kind, cid, name, per_chat)
    e.write("\n]},\n")
    e.write(' "left_chats": {"about": "left", "list": [\n')
    for i, (kind, cid, name) in enumerate(left):
        if i:
            e.write(",\n")
        chat(len(chats) + 1 + i, kind, cid, name, max(1, messages - written))
    e.write("\n]}\n}\n")
    z.done(e)
    for p in photos:
        z.put(p, fake_jpeg(rng, 2048))
    z.close()
    write_expect(out + "/expect", kinds)
    print("   result.json: %d messages in %d chats, %d photos, %.0f MB" % (kinds["message"], len(chats) + len(left), len(photos), e.written / 1e6))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_telegram.py OUT_DIR MESSAGES")
    main(sys.argv[1], int(sys.argv[2]))
