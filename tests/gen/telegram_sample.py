#!/usr/bin/env python3
"""Writes the result.json of samples/telegram (hand-made content, tdesktop's layout: one-space
indentation, dates as local time plus *_unixtime, \\xHH escapes for control characters), so the
sample's times agree with each other. Run from the repository root; the output is committed."""
import datetime, json, sys

OFFSET = datetime.timedelta(hours=2)  # the exporting computer was on Berlin summer time


def d(s, key="date"):
    """tdesktop's pair: local ISO time without a zone and Unix seconds as a string."""
    utc = datetime.datetime.fromisoformat(s).replace(tzinfo=datetime.timezone.utc)
    return {key: (utc + OFFSET).strftime("%Y-%m-%dT%H:%M:%S"), key + "_unixtime": str(int(utc.timestamp()))}


def msg(id, when, **kw):
    m = {"id": id, "type": kw.pop("type", "message")}
    m.update(d(when))
    m.update(kw)
    text = m.get("text", "")
    if "text" not in m:
        m["text"] = ""
    m["text_entities"] = entities(m["text"])
    return m


def entities(text):
    if isinstance(text, str):
        return [{"type": "plain", "text": text}] if text else []
    return [{"type": "plain", "text": t} if isinstance(t, str) else t for t in text]


ME, ZOE = "user5550001111", "user5550002222"
CH1 = "chats/chat_001/"
zoe_chat = {
    "name": "Zoë Adeyemi", "type": "personal_chat", "id": 5550002222,
    "messages": [
        msg(101, "2024-05-01T10:00:00", **{"from": "Ana Kovač", "from_id": ME, "text": "Bist du morgen beim Treffen? 🚲"}),
        msg(102, "2024-05-01T10:02:10", **{"from": "Zoë Adeyemi", "from_id": ZOE, "reply_to_message_id": 101,
            "photo": CH1 + "photos/photo_1@01-05-2024_10-00-00.jpg", "width": 1280, "height": 960,
            "text": "Ja! Hier ist die Route", "reactions": [{"type": "emoji", "count": 1, "emoji": "👍",
            "recent": [{"from": "Ana Kovač", "from_id": ME, "date": "2024-05-01T12:03:00"}]}]}),
        msg(103, "2024-05-01T10:05:00", **{"from": "Ana Kovač", "from_id": ME,
            "file": CH1 + "voice_messages/audio_1@01-05-2024_10-05-00.ogg", "media_type": "voice_message",
            "mime_type": "audio/ogg", "duration_seconds": 7}),
        msg(104, "2024-05-01T10:07:30", **{"from": "Zoë Adeyemi", "from_id": ZOE,
            "text": ["Treffpunkt: ", {"type": "bold", "text": "Rheinauhafen"}, " um 10 Uhr, Karte: ",
                     {"type": "text_link", "text": "hier", "href": "https://example.org/karte/rheinauhafen"},
                     " und ", {"type": "link", "text": "https://example.org/wetter"}, " cc ",
                     {"type": "mention", "text": "@jordan_pike"}]}),
        msg(105, "2024-05-01T10:09:00", **{"from": "Zoë Adeyemi", "from_id": ZOE, "forwarded_from": "Fahrradclub Köln 🚲",
            "text": "Nicht vergessen: Helm!"}),
        msg(106, "2024-05-01T10:10:00", **{"from": "Ana Kovač", "from_id": ME,
            "contact_information": {"first_name": "Zoë", "last_name": "Adeyemi", "phone_number": "+44 7700 900123"},
            "contact_vcard": CH1 + "contacts/contact_1.vcf"}),
        msg(107, "2024-05-01T10:11:00", **{"from": "Ana Kovač", "from_id": ME,
            "location_information": {"latitude": 50.9285, "longitude": 6.9629}, "live_location_period_seconds": 900}),
        msg(108, "2024-05-01T18:30:00", type="service", **{"actor": "Zoë Adeyemi", "actor_id": ZOE,
            "action": "phone_call", "discard_reason": "missed"}),
        msg(109, "2024-05-01T19:00:00", type="service", **{"actor": "Ana Kovač", "actor_id": ME, "action": "phone_call",
            "duration_seconds": 312, "discard_reason": "hangup"}),
        msg(110, "2024-05-01T19:10:00", **{"from": "Zoë Adeyemi", "from_id": ZOE,
            "text": "Zeile eins\u000bZeile zwei (aus einem Formular kopiert)"}),
        msg(111, "2024-05-02T07:00:00", **{"from": "Zoë Adeyemi", "from_id": ZOE,
            "photo": "(File not included. Change data exporting settings to download.)", "width": 800, "height": 600}),
        msg(112, "2024-05-02T07:01:00", **{"from": "Zoë Adeyemi", "from_id": ZOE,
            "file": "(File exceeds maximum size. Change data exporting settings to download.)",
            "thumbnail": CH1 + "video_files/video_1@02-05-2024_09-01-00.mp4_thumb.jpg", "media_type": "video_file",
            "mime_type": "video/mp4", "duration_seconds": 12, "width": 640, "height": 360}),
        {"id": 113, "type": "unsupported"},
        msg(114, "2024-05-02T07:30:00", **{"from": "Ana Kovač", "from_id": ME,  # a path the archive lacks
            "photo": CH1 + "photos/photo_2@02-05-2024_09-30-00.jpg", "width": 1280, "height": 720}),
    ],
}
zoe_chat["messages"][3].update(d("2024-05-01T10:08:00", "edited"))  # an edited message
CH2 = "chats/chat_002/"
club = {
    "name": "Fahrradclub Köln 🚲", "type": "private_supergroup", "id": 1700000001,
    "messages": [
        msg(1, "2024-04-01T08:00:00", type="service", **{"actor": "Jordan Pike", "actor_id": "user5550003333",
            "action": "create_group", "title": "Fahrradclub Köln 🚲", "members": ["Ana Kovač", None]}),
        msg(2, "2024-04-01T08:01:00", type="service", **{"actor": "Jordan Pike", "actor_id": "user5550003333",
            "action": "invite_members", "members": ["Zoë Adeyemi"]}),
        msg(3, "2024-04-02T09:00:00", **{"from": "Jordan Pike", "from_id": "user5550003333",
            "file": CH2 + "files/Protokoll Mai 2024.pdf", "file_name": "Protokoll Mai 2024.pdf",
            "mime_type": "application/pdf", "text": "Protokoll"}),
        msg(4, "2024-04-02T09:05:00", **{"from": "Ana Kovač", "from_id": ME, "text": "Danke!"}),
        msg(5, "2024-04-02T09:06:00", **{"from": "Zoë Adeyemi", "from_id": ZOE, "text": "Danke!"}),
        msg(6, "2024-04-02T09:07:00", **{"from": "Zoë Adeyemi", "from_id": ZOE, "file": CH2 + "stickers/sticker.webp",
            "media_type": "sticker", "sticker_emoji": "🚲", "width": 512, "height": 512}),
        msg(7, "2024-04-03T12:00:00", **{"from": None, "from_id": "user5550009999",
            "poll": {"question": "Nächste Tour?", "closed": False, "total_voters": 3,
                     "answers": [{"text": "Eifel", "voters": 2, "chosen": True}, {"text": "Bergisches Land", "voters": 1, "chosen": False}]}}),
        msg(8, "2024-04-03T12:30:00", type="service", **{"actor": "Ana Kovač", "actor_id": ME, "action": "pin_message",
            "message_id": 7}),
    ],
}
saved = {"type": "saved_messages", "id": 5550001111, "messages": [
    msg(1, "2024-03-01T06:00:00", **{"from": "Ana Kovač", "from_id": ME, "text": "Reifendruck: 4,5 bar vorne, 5 bar hinten"}),
]}
channel = {"name": "Канал новостей 📰", "type": "public_channel", "id": 1800000002, "messages": [
    msg(41, "2023-12-31T21:00:00", **{"from": "Канал новостей 📰", "from_id": "channel1800000002", "author": "Редакция",
        "text": "С Новым годом! 🎄"}),
]}

doc = {
    "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data, and respects your privacy.",
    "personal_information": {"user_id": 5550001111, "first_name": "Ana", "last_name": "Kovač",
                             "phone_number": "+49 151 00000001", "username": "@ana_kovac", "bio": "Köln · Rad · Kaffee ☕"},
    "profile_pictures": [
        dict(**d("2024-03-10T06:00:00"), photo="profile_pictures/photo_2@10-03-2024_08-00-00.jpg"),
        dict(**d("2021-02-02T18:30:00"), photo="profile_pictures/photo_1@02-02-2021_19-30-00.jpg"),
    ],
    "stories": [dict(**d("2024-04-20T15:00:00"), **d("2024-04-21T15:00:00", "expires"), pinned=True,
                     media="stories/story_1@20-04-2024_17-00-00.jpg")],
    "contacts": {"about": "If you allow access, Telegram continuously syncs your contacts.", "list": [
        dict(user_id=5550002222, first_name="Zoë", last_name="Adeyemi", phone_number="+44 7700 900123", **d("2022-06-01T10:00:00")),
        dict(user_id=5550003333, first_name="Jordan", last_name="Pike", phone_number="+1 555 0100", **d("2022-06-02T10:00:00")),
        dict(user_id=5550004444, first_name="Jordan", last_name="Pike", phone_number="+1 555 0199", **d("2023-01-15T09:00:00")),
        dict(**d("2019-11-11T11:11:11")),
    ]},
    "frequent_contacts": {"about": "Telegram uses this data to suggest people you talk to often.", "list": [
        {"id": 5550002222, "category": "people", "type": "user", "name": "Zoë Adeyemi", "rating": 9.8214},
        {"id": 1700000001, "category": "people", "type": "private_supergroup", "name": "Fahrradclub Köln 🚲", "rating": 4.5},
        {"id": 93372553, "category": "inline_bots", "type": "user", "name": "gif", "rating": 0.3456},
        {"id": 5550002222, "category": "calls", "type": "user", "name": "Zoë Adeyemi", "rating": 1.25},
    ]},
    "sessions": {"about": "We store this to display you connected devices.", "list": [
        dict(**d("2024-05-01T10:11:00", "last_active"), last_ip="198.51.100.23", last_country="Germany", last_region="North Rhine-Westphalia",
             application_name="Telegram Desktop", application_version="4.16.8", device_model="ThinkPad X1", platform="Linux",
             system_version="Debian 12", **d("2023-09-01T08:00:00", "created")),
        dict(**d("2024-04-30T21:00:00", "last_active"), last_ip="2001:db8::42", last_country="Germany", last_region="Berlin",
             application_name="Telegram Android", application_version="10.11.1", device_model="Pixel 7", platform="Android",
             system_version="SDK 34", **d("2022-05-20T12:00:00", "created")),
    ]},
    "web_sessions": {"about": "We store this to display you the websites where you used Telegram to log in.", "list": [
        dict(**d("2024-02-14T09:00:00", "last_active"), last_ip="203.0.113.9", last_region="Cologne", bot_username="example_login_bot",
             domain_name="forum.example.org", browser="Firefox 123", platform="Linux", **d("2024-02-14T08:59:00", "created")),
    ]},
    "other_data": {"about_meta": "Other data kept by Telegram servers.",
                   "changes_log": [{"date": "2024-01-05T10:00:00", "action": "username changed", "value": "@ana_kovac"}]},
    "chats": {"about": "This page lists all chats from this export.", "list": [zoe_chat, club, saved]},
    "left_chats": {"about": "This page lists all supergroups and channels from this export that you've left.", "list": [channel]},
}
text = json.dumps(doc, ensure_ascii=False, indent=1)
text = text.replace("\\u000b", "\\x0B")  # what tdesktop writes for a vertical tab
sys.stdout.write(text + "\n")
