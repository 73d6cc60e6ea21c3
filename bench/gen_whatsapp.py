#!/usr/bin/env python3
"""Writes a synthetic set of WhatsApp chat exports "with media", one zip per chat, as a person
leaving WhatsApp would export chat after chat: Android zips (`WhatsApp Chat with NAME.zip`, the
text file and IMG-/PTT- files flat inside, `DD/MM/YYYY, HH:MM - ` lines) and iOS zips
(`WhatsApp Chat - NAME.zip` with `_chat.txt` and 0000NNNN-PHOTO-... files, `[DD/MM/YYYY, HH:MM:SS]`
lines with U+200E marks); one chat in five is a group. Every file is named by one message (so
no `media` records), every chat has multi-line messages, placeholders and system lines.

Usage: gen_whatsapp.py OUT_DIR TARGET_MB     (TARGET_MB: the zips' total size, mostly media)
Writes OUT_DIR/*.zip and OUT_DIR/expect. Synthetic content only.
"""

import random
import sys
import zipfile

from benchlib import fake_jpeg, write_expect, zip_level

LRM = "\u200e"
OWNER = "Ana Kovač"
WORDS = ("the pier at noon bring coffee ☕ bridge walk tomorrow café été naïve — “quoted” 日本語 ok "
         "see you soon 🙂 lunch map tickets train Lyon Köln São Paulo").split()
T0 = 1_704_067_200  # 2024-01-01T00:00:00Z


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def stamp(t, ios):
    import time
    g = time.gmtime(t)
    if ios:
        return "[%02d/%02d/%04d, %02d:%02d:%02d]" % (g.tm_mday, g.tm_mon, g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)
    return "%02d/%02d/%04d, %02d:%02d -" % (g.tm_mday, g.tm_mon, g.tm_year, g.tm_hour, g.tm_min)


def main():
    out, target_mb = sys.argv[1], float(sys.argv[2])
    import os
    os.makedirs(out, exist_ok=True)
    rng = random.Random(21)
    target = int(target_mb * 1e6)
    written = 0
    messages = 0
    contacts = set()
    chat = 0
    while written < target:
        ios = chat % 2 == 1
        group = chat % 5 == 4
        name = "Grupo %d 🏡" % chat if group else "Contato %d Souza" % chat
        members = ["Membro %d-%d" % (chat, k) for k in range(3)] if group else [name]
        contacts.update(members)
        path = os.path.join(out, ("WhatsApp Chat - %s.zip" if ios else "WhatsApp Chat with %s.zip") % name)
        lines = []
        files = []
        t = T0 + chat * 86400 * 3
        if ios:
            lines.append("%s %s: %sMessages and calls are end-to-end encrypted. No one outside of this chat, "
                         "not even WhatsApp, can read or listen to them." % (stamp(t, True), name, LRM))
        else:
            lines.append("%s Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
                         "WhatsApp, can read or listen to them. Tap to learn more." % stamp(t, False))
        messages += 1
        n_msgs = rng.randint(200, 1200)
        photo = 0
        for i in range(n_msgs):
            t += rng.randint(60, 7200)
            sender = OWNER if i % 2 == 0 else rng.choice(members)
            r = rng.random()
            if r < 0.04:
                photo += 1
                size = rng.randint(60_000, 400_000)
                if ios:
                    fname = "%08d-PHOTO-%s.jpg" % (photo, "x%d" % i)
                    body = "%s<attached: %s>" % (LRM, fname)
                    line = "%s%s %s: %s" % (LRM, stamp(t, True), sender, body)
                else:
                    fname = "IMG-2024%04d-WA%04d.jpg" % (chat % 10000, photo)
                    line = "%s %s: %s (file attached)\n%s" % (stamp(t, False), sender, fname, words(rng, 1, 6))
                files.append((fname, fake_jpeg(rng, size)))
            elif r < 0.10:
                line = "%s %s: %s" % (stamp(t, ios), sender, (LRM + "image omitted") if ios else "<Media omitted>")
            elif r < 0.20:
                line = "%s %s: %s\n%s\n%s" % (stamp(t, ios), sender, words(rng, 2, 12), words(rng, 2, 12), words(rng, 1, 5))
            else:
                line = "%s %s: %s" % (stamp(t, ios), sender, words(rng, 1, 25))
            lines.append(line)
            messages += 1
        text = "\n".join(lines) + "\n"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=zip_level() or None,
                             allowZip64=True) as z:
            z.writestr("_chat.txt" if ios else "WhatsApp Chat with %s.txt" % name, text)
            for fname, data in files:
                z.writestr(zipfile.ZipInfo(fname, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_STORED)
        written += os.path.getsize(path)
        chat += 1
    write_expect(os.path.join(out, "expect"), {"message": messages, "contact": len(contacts), "profile": 1},
                 "whatsapp: %d chats, %d messages, %.0f MB" % (chat, messages, written / 1e6))


if __name__ == "__main__":
    main()
