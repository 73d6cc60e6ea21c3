#!/usr/bin/env python3
"""Writes a synthetic Discord data package (2024 layout, docs/formats/discord.md) as one zip:
README.txt, Account/user.json (relationships, payments, played games), Messages/index.json and
channels with channel.json and messages.json (CSV for every fifth channel, as older packages),
Servers/ with guild.json and audit-log.json, and the NDJSON analytics that make most of a real
package's size: Activity/analytics/events-*.json (the big one), Activity/reporting/ and
Activity/tns/, with sign-ins, sessions, detected games, the two model lines and ordinary events.

Usage: gen_discord.py OUT_DIR TARGET_MB     (TARGET_MB: uncompressed size of the package)
Writes OUT_DIR/package.zip and OUT_DIR/expect. Synthetic content only.
"""

import json
import random
import sys

from benchlib import Items, ZipOut, write_expect

EPOCH_MS = 1420070400000
T0 = 1_600_000_000_000  # ms
WORDS = ("wspinaczka rower caf\u00e9 \u00e9t\u00e9 na\u00efve \u2014 \u201cquoted\u201d \u65e5\u672c\u8a9e "
         "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac game raid tonight patch notes map \U0001f642 "
         "anyone up for it see you later check this out").split()
GENERIC = ("add_reaction", "channel_opened", "guild_viewed", "send_message", "notification_clicked",
           "join_voice_channel", "leave_voice_channel", "message_edited", "slash_command_used", "start_listening")
LOGINS = ("app_opened", "session_start", "login_successful", "session_end")
GAMES = ("Baldur's Gate 3", "Stardew Valley", "Counter-Strike 2", "Minecraft", "Factorio", "\u539f\u795e")


def snowflake(ms, seq):
    return str(((ms - EPOCH_MS) << 22) + (seq & 0x3FFFFF))


def iso(ms):
    s, m = divmod(ms, 1000)
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%03dZ" % m


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def event(rng, i, kind, me):
    ms = T0 + i * 997
    base = {"event_type": None, "event_id": "AQ%010dbench==" % i, "user_id": me, "domain": "discord.com",
            "ip": "203.0.113.%d" % (i % 250 + 1), "day": iso(ms)[:10], "chosen_locale": "pl", "detected_locale": "pl",
            "browser": "Discord Client", "device": None, "os": "Windows", "os_version": "10.0.22631",
            "city": "Krak\u00f3w", "country_code": "PL", "region_code": "12", "time_zone": "Europe/Warsaw",
            "isp": "Example Telecom", "client_version": "1.0.9164", "release_channel": "stable",
            "client_send_timestamp": "\"%s\"" % iso(ms + 40), "client_track_timestamp": "\"%s\"" % iso(ms),
            "timestamp": "\"%s\"" % iso(ms), "client_uuid": "AQAAbench%08d" % i,
            "guild_id": snowflake(T0 - 10**9, i % 40), "channel_id": snowflake(T0 - 10**9, 1000 + i % 200),
            "guild_size_total": 1200, "guild_num_channels": 40, "guild_member_num_roles": 3,
            "channel_size_total": 0, "channel_member_perms": "1071698660929", "channel_type": 0}
    if kind == "login":
        base["event_type"] = LOGINS[i % len(LOGINS)]
    elif kind == "game":
        base["event_type"] = "launch_game" if i % 2 else "game_opened"
        base["game"] = GAMES[i % len(GAMES)]
        base["game_platform"] = "steam"
    else:
        base["event_type"] = GENERIC[i % len(GENERIC)]
        if base["event_type"] == "add_reaction":
            base["emoji_name"] = "\U0001f9d7"
            base["message_id"] = snowflake(T0 + i, i)
    return json.dumps(base, ensure_ascii=False)


def events_file(z, name, rng, target, start, me, counts):
    e = z.open(name, big=True)
    i = start
    buf, size, total = [], 0, 0
    while total + size < target:
        r = i % 20
        kind = "login" if r < 3 else "game" if r < 5 else "activity"
        line = event(rng, i, kind, me)
        counts["login" if kind == "login" else "off_platform" if kind == "game" else "activity"] += 1
        buf.append(line + "\n")
        size += len(line) + 1
        i += 1
        if size > 1 << 20:
            e.write("".join(buf))
            total += size
            buf, size = [], 0
    e.write("".join(buf))
    z.done(e)
    counts["events"] = counts.get("events", 0) + i - start
    return i


def main(out, mb):
    rng = random.Random(7021)
    target = int(mb * 1e6)
    z = ZipOut("%s/package.zip" % out)
    root = "discord-bench-20260101/"
    me = snowflake(T0 - 5 * 10**10, 7)
    counts = {"profile": 1, "contact": 0, "activity": 0, "message": 0, "group": 0, "login": 0, "off_platform": 0,
              "inference": 0}
    z.put(root + "README.txt", "Welcome to your Discord Data Package!\n")
    friends = [snowflake(T0 - 4 * 10**10, 100 + k) for k in range(200)]
    user = {"id": me, "username": "bench_user", "discriminator": "0", "global_name": "Bench \u00c9t\u00e9",
            "email": "bench@example.org", "verified": True, "settings": {"locale": "pl"},
            "connections": [{"type": "steam", "id": "765611", "name": "bench_steam", "verified": True}],
            "relationships": [{"id": f, "type": 1 + k % 4, "nickname": None,
                               "user": {"id": f, "username": "friend_%d" % k, "discriminator": "0"}}
                              for k, f in enumerate(friends)],
            "payments": [{"id": snowflake(T0 + k * 10**9, 900 + k), "created_at": iso(T0 + k * 10**9), "currency": "eur",
                          "amount": 999, "status": 1, "description": "Nitro Monthly"} for k in range(24)],
            "user_activity_application_statistics": [{"application_id": str(356875570916753438 + k),
                                                      "last_played_at": iso(T0 + k * 10**8), "total_duration": 3600 * k}
                                                     for k in range(30)]}
    z.put(root + "Account/user.json", json.dumps(user, ensure_ascii=False))
    counts["contact"] += len(friends)
    counts["activity"] += 24 + 30

    # Messages: about a fifth of the package, in 300 channels.
    n_channels = 300
    msg_target = target // 5
    per_channel = max(1, msg_target // n_channels)
    index = {}
    guilds = [snowflake(T0 - 10**9, g) for g in range(40)]
    seq = 0
    for ch in range(n_channels):
        cid = snowflake(T0 - 10**9, 1000 + ch)
        if ch % 3 == 0:
            meta = {"id": cid, "type": "DM", "recipients": [me, friends[ch % len(friends)]]}
            index[cid] = "Direct Message with friend_%d#0" % (ch % len(friends))
        else:
            g = guilds[ch % len(guilds)]
            meta = {"id": cid, "type": "GUILD_TEXT", "name": "kana\u0142-%d" % ch, "guild": {"id": g, "name": "Serwer %d" % (ch % 40)}}
            index[cid] = "kana\u0142-%d in Serwer %d" % (ch, ch % 40)
        z.put(root + "Messages/c%s/channel.json" % cid, json.dumps(meta, ensure_ascii=False))
        csv = ch % 5 == 4
        e = z.open(root + "Messages/c%s/messages.%s" % (cid, "csv" if csv else "json"), big=True)
        if csv:
            e.write("ID,Timestamp,Contents,Attachments\n")
            items = None
        else:
            e.write("[\n")
            items = Items(e)
        written = 0
        while written < per_channel:
            ms = T0 + seq * 1013
            mid = snowflake(ms, seq)
            text = words(rng, 3, 30) + " (%d)" % seq
            att = "https://cdn.discordapp.com/attachments/%s/%s/p.jpg" % (cid, mid) if seq % 17 == 0 else ""
            if csv:
                row = '%s,%s.%06d+00:00,"%s",%s\n' % (mid, iso(ms)[:19].replace("T", " "), (ms % 1000) * 1000,
                                                     text.replace('"', '""'), att)
                e.write(row)
            else:
                row = json.dumps({"ID": int(mid), "Timestamp": iso(ms)[:19].replace("T", " "), "Contents": text,
                                  "Attachments": att}, ensure_ascii=False)
                items.add(row)
            written += len(row.encode("utf-8")) + 2
            seq += 1
            counts["message"] += 1
        if not csv:
            items.flush()
            e.write("\n]")
        z.done(e)
    z.put(root + "Messages/index.json", json.dumps(index, ensure_ascii=False))

    servers = {g: "Serwer %d" % k for k, g in enumerate(guilds)}
    z.put(root + "Servers/index.json", json.dumps(servers, ensure_ascii=False))
    for k, g in enumerate(guilds):
        z.put(root + "Servers/%s/guild.json" % g, json.dumps({"id": g, "name": servers[g]}, ensure_ascii=False))
        log = [{"id": snowflake(T0 + k * 10**7, 5000 + j), "user_id": me, "target_id": friends[j], "action_type": 22,
                "changes": [], "reason": "bench %d" % j} for j in range(5)] if k < 4 else []
        counts["activity"] += len(log)
        z.put(root + "Servers/%s/audit-log.json" % g, json.dumps(log))
    counts["group"] += len(guilds)

    # The analytics: the rest of the target, 85% in analytics, 10% reporting, 5% tns.
    left = max(0, target - z.bytes)
    i = events_file(z, root + "Activity/analytics/events-2025-00000-of-00001.json", rng, int(left * 0.85), 0, me, counts)
    model = [json.dumps({"predicted_gender": "female", "probability": 0.8, "prob_female": 0.8, "prob_male": 0.2,
                         "day": "2025-01-01", "user_id": me}),
             json.dumps({"predicted_age": "25-34", "probability": 0.6, "prob_25_34": 0.6, "day": "2025-01-01",
                         "user_id": me})]
    counts["inference"] += 2
    i = events_file(z, root + "Activity/reporting/events-2025-00000-of-00001.json", rng, int(left * 0.10), i, me, counts)
    z.put(root + "Activity/modeling/events-2025-00000-of-00001.json", "\n".join(model) + "\n")
    events_file(z, root + "Activity/tns/events-2025-00000-of-00001.json", rng, int(left * 0.05), i, me, counts)
    z.close()
    events = counts.pop("events")
    write_expect(out + "/expect", counts)
    print("   package.zip: %.0f MB uncompressed, %d messages, %d events" % (z.bytes / 1e6, counts["message"], events))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_discord.py OUT_DIR TARGET_MB")
    main(sys.argv[1], float(sys.argv[2]))
