#!/usr/bin/env python3
"""Writes a synthetic Facebook "Download Your Information" JSON export, 2024+ layout
(your_facebook_activity/, connections/, personal_information/), as two zip parts the way Meta
delivers a big one: large Messenger threads (message_1.json, message_2.json... of at most 10,000
messages, newest first, with photos, reactions and shares), thousands of posts with media (small
fake JPEGs, many posts naming the same file), albums, comments, reactions, friends and followers.
Non-ASCII text is mojibaked as Meta writes it (UTF-8 bytes as \\u00XX escapes).

Part 1 holds the posts' media and the first half of the threads; part 2 the other threads and
every other file, so post media resolve across parts and out of listing order.

Usage: gen_facebook.py OUT_DIR TARGET_MB
Writes OUT_DIR/1of2-facebook-....zip, OUT_DIR/2of2-facebook-....zip and OUT_DIR/expect (the
record count per kind the store must hold after ingest). Synthetic names and text only.
"""

import random
import sys

from benchlib import Items, ZipOut, fake_jpeg, mojibake, write_expect

SEED = 20260101
YFA = "your_facebook_activity"
ME = "Ana Kova\u010d"
T0 = 1_400_000_000  # 2014-05-13, seconds

FIRST = ["Jordan", "Zo\u00eb", "\u00c9mile", "Ma\u00eblle", "Bj\u00f6rn", "Chlo\u00e9", "Luk\u00e1\u0161", "Ren\u00e9e",
         "Sof\u00eda", "Ji\u0159\u00ed", "Ama", "Kenji", "Noa", "O\u011fuz", "Zs\u00f3fia", "Ine\u0161", "Tom\u00e1s",
         "\u0141ucja", "Aur\u00e9lien", "Malik"]
LAST = ["Pike", "M\u00fcller", "Durand", "Kova\u010d", "Nov\u00e1k", "Garc\u00eda", "\u00d8stergaard", "Sch\u00f6n",
        "Wi\u015bniewska", "Dubois", "Okafor", "Tanaka", "Ferreira", "Y\u0131lmaz", "Horv\u00e1th", "Lef\u00e8vre"]
WORDS = ("the a and to of see you at tomorrow tonight caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber "
         "stra\u00dfe \u0142\u00f3d\u017a s\u00e3o jalape\u00f1o fa\u00e7ade co\u00f6perate \u2019 \u201cok\u201d "
         "\U0001f605 \U0001f389 \u2764\ufe0f \U0001f44d dinner lunch train bike lake photo party weekend "
         "meeting station call later soon great thanks sorry maybe yes no here there home work concert "
         "\u65e5\u672c \u0645\u0631\u062d\u0628\u0627 \u043f\u0440\u0438\u0432\u0435\u0442 market river "
         "book film music beach mountain coffee tea bread cheese wine running late on my way").split()
REACTIONS = ["\u2764", "\U0001f606", "\U0001f62e", "\U0001f622", "\U0001f620", "\U0001f44d"]
PLACES = [("Caf\u00e9 des Artistes %d" % i, round(45.0 + i * 0.013, 4), round(4.0 + i * 0.017, 4)) for i in range(200)]


def esc_body(s):
    """The inside of Meta's JSON string literal for s (mojibaked, without the quotes)."""
    return mojibake(s)[1:-1]


class Gen:
    def __init__(self, out_dir, target_mb):
        self.rng = random.Random(SEED)
        self.out_dir = out_dir
        self.words = [esc_body(w) for w in WORDS]
        self.people = ["%s %s" % (f, l) for f in FIRST for l in LAST]
        self.people_esc = [esc_body(p) for p in self.people]
        self.me = esc_body(ME)
        self.expect = {}
        # Sizes from the target: about 70% Messenger text, 17% media, the rest posts, comments, reactions.
        mb = target_mb
        self.n_messages = int(mb * 1e6 * 0.70 / 300)
        self.n_threads = max(2, min(150, int(mb * 0.15)))
        self.n_post_media = max(10, int(mb * 4))          # ~25 KB each
        self.n_posts = max(20, int(mb * 20))
        self.n_comments = max(20, int(mb * 50))
        self.n_reactions = max(20, int(mb * 100))
        self.n_friends = max(10, int(mb * 3))
        self.n_followers = max(10, int(mb * 2))
        self.photo_every = 500                            # one message in 500 carries a photo
        self.msg_index = 0
        self.referenced = set()  # post media files some post or album names

    def count(self, kind, n=1):
        self.expect[kind] = self.expect.get(kind, 0) + n

    def sentence(self, lo=4, hi=16):
        r = self.rng
        return " ".join(r.choice(self.words) for _ in range(r.randint(lo, hi)))

    # ---- Messenger ---------------------------------------------------------------------------

    def thread_sizes(self):
        w = [1.0 / (i + 1) ** 0.8 for i in range(self.n_threads)]
        s = sum(w)
        sizes = [max(1, int(self.n_messages * x / s)) for x in w]
        return sizes

    def write_thread(self, z, t, n):
        r = self.rng
        folder = "%s_%d" % (("thread%d" % t), 10150000000000000 + t * 7919)
        base = "%s/messages/inbox/%s" % (YFA, folder)
        k = r.randint(1, 6)
        members = r.sample(range(len(self.people)), k)
        participants = [self.people_esc[i] for i in members] + [self.me]
        title = participants[0] if k == 1 else esc_body("Group %d \u00e9t\u00e9" % t)
        first = self.msg_index
        self.msg_index += n
        photos = []
        files = (n + 9999) // 10000
        for f in range(files):
            e = z.open("%s/message_%d.json" % (base, f + 1))
            e.write('{\n  "participants": [\n')
            e.write(",\n".join('    {\n      "name": "%s"\n    }' % p for p in participants))
            e.write('\n  ],\n  "messages": [\n')
            lo, hi = f * 10000, min(n, (f + 1) * 10000)
            items = Items(e)
            for j in range(lo, hi):  # j = 0 is the newest message
                idx = first + (n - 1 - j)
                ms = (T0 + idx * 37) * 1000 + (idx % 1000)
                sender = self.me if r.random() < 0.45 else r.choice(participants)
                parts = ['      "sender_name": "%s"' % sender, '      "timestamp_ms": %d' % ms]
                parts.append('      "content": "%s %d"' % (self.sentence(), idx))
                x = r.random()
                if idx % self.photo_every == 0:
                    uri = "%s/photos/%d_%d_n.jpg" % (base, 900000 + idx, idx % 97)
                    photos.append(uri)
                    parts.append('      "photos": [\n        {\n          "uri": "%s",\n'
                                 '          "creation_timestamp": %d\n        }\n      ]' % (uri, ms // 1000))
                elif x < 0.02:
                    parts.append('      "share": {\n        "link": "https://example.org/article/%d",\n'
                                 '        "share_text": "%s"\n      }' % (idx, self.sentence(2, 6)))
                if x > 0.90:
                    parts.append('      "reactions": [\n        {\n          "reaction": "%s",\n'
                                 '          "actor": "%s"\n        }\n      ]' % (esc_body(r.choice(REACTIONS)), r.choice(participants)))
                parts.append('      "is_geoblocked_for_viewer": false')
                parts.append('      "is_unsent_image_by_messenger_kid_parent": false')
                items.add("    {\n" + ",\n".join(parts) + "\n    }")
            items.flush()
            e.write('\n  ],\n  "title": "%s",\n  "is_still_participant": true,\n  "thread_type": "%s",\n'
                    '  "thread_path": "inbox/%s",\n  "magic_words": []\n}\n'
                    % (title, "Regular" if k == 1 else "RegularGroup", folder))
            z.done(e)
        for uri in photos:
            z.put(uri, fake_jpeg(r, r.randint(8000, 22000)))
        self.count("message", n)

    # ---- posts, albums, comments, reactions, people -----------------------------------------------

    def media_pool(self):
        pool = []
        for i in range(self.n_post_media):
            album = "Mobileuploads_%s" % ("kq81Hz", "Zx44Lm", "Pp09Aa", "Ty12Bb")[i % 4]
            pool.append("%s/posts/media/%s/%d_%d_n.jpg" % (YFA, album, 4100000 + i, 1000 + i % 997))
        return pool

    def media_json(self, uri, ts, indent):
        pad = " " * indent
        return ('{\n%s  "uri": "%s",\n%s  "creation_timestamp": %d,\n%s  "title": "%s",\n'
                '%s  "media_metadata": {\n%s    "photo_metadata": {\n%s      "exif_data": [\n'
                '%s        {\n%s          "upload_ip": "203.0.113.%d",\n%s          "taken_timestamp": %d\n'
                '%s        }\n%s      ]\n%s    }\n%s  }\n%s}'
                % (pad, uri, pad, ts, pad, esc_body("Mobile uploads \u00e9t\u00e9"), pad, pad, pad, pad, pad,
                   ts % 250 + 1, pad, ts - 600, pad, pad, pad, pad, pad))

    def write_posts(self, z, pool):
        r = self.rng
        per_file = 5000
        places = set()
        n = 0
        for f in range((self.n_posts + per_file - 1) // per_file):
            e = z.open("%s/posts/your_posts__check_ins__photos_and_videos_%d.json" % (YFA, f + 1))
            items = []
            for i in range(f * per_file, min(self.n_posts, (f + 1) * per_file)):
                ts = T0 + 3 * 10**8 - i * 3607
                atts = []
                x = r.random()
                title = "%s updated her status." % self.me
                if x < 0.45:  # photos, often a file another post names too
                    picked = r.sample(pool, r.randint(1, 3))
                    self.referenced.update(picked)
                    media = ",\n".join('          {\n            "media": %s\n          }' % self.media_json(u, ts - 10, 12)
                                       for u in picked)
                    atts.append('      {\n        "data": [\n%s\n        ]\n      }' % media)
                    title = "%s added a new photo." % self.me
                elif x < 0.55:
                    p = r.choice(PLACES)
                    places.add(p)
                    atts.append('      {\n        "data": [\n          {\n            "place": {\n'
                                '              "name": "%s",\n              "coordinate": {\n'
                                '                "latitude": %s,\n                "longitude": %s\n              },\n'
                                '              "address": "",\n              "url": ""\n            }\n          }\n'
                                '        ]\n      }' % (esc_body(p[0]), p[1], p[2]))
                    title = "%s was at %s." % (self.me, esc_body(p[0]))
                elif x < 0.65:
                    atts.append('      {\n        "data": [\n          {\n            "external_context": {\n'
                                '              "url": "https://example.org/read/%d"\n            }\n          }\n'
                                '        ]\n      }' % i)
                    title = "%s shared a link." % self.me
                body = '    {\n      "timestamp": %d,\n      "data": [\n        {\n          "post": "%s"\n' \
                       '        },\n        {\n          "update_timestamp": %d\n        }\n      ],\n' \
                       % (ts, self.sentence(6, 40), ts)
                if atts:
                    body += '      "attachments": [\n%s\n      ],\n' % ",\n".join(atts)
                body += '      "title": "%s"\n    }' % title
                items.append(body)
                n += 1
            e.write("[\n" + ",\n".join(items) + "\n]\n")
            z.done(e)
        self.count("post", n)
        self.count("place", len(places))

    def write_albums(self, z, pool):
        # Albums name the first files of the pool once each: one media record per file name.
        per = 100
        used = pool[: min(len(pool), 1000)]
        self.referenced.update(used)
        for a in range((len(used) + per - 1) // per):
            photos = ",\n".join("    " + self.media_json(u, T0 + 10**8 + a * 1000 + k, 4)
                                for k, u in enumerate(used[a * per:(a + 1) * per]))
            z.put("%s/posts/album/%d.json" % (YFA, a),
                  '{\n  "name": "%s",\n  "photos": [\n%s\n  ],\n  "last_modified_timestamp": %d\n}\n'
                  % (esc_body("Album %d \u00e9t\u00e9" % a), photos, T0 + 10**8))
        self.count("media", len(set(u.rsplit("/", 1)[1].lower() for u in used)))

    def write_comments(self, z):
        r = self.rng
        e = z.open("%s/comments_and_reactions/comments.json" % YFA)
        e.write('{\n  "comments_v2": [\n')
        items = Items(e)
        for i in range(self.n_comments):
            ts = T0 + 2 * 10**8 + i * 1811
            other = r.choice(self.people_esc)
            items.add('    {\n      "timestamp": %d,\n      "data": [\n        {\n          "comment": {\n'
                         '            "timestamp": %d,\n            "comment": "%s",\n            "author": "%s"\n'
                         '          }\n        }\n      ],\n      "title": "%s commented on %s\'s post."\n    }'
                         % (ts, ts, self.sentence(3, 20), self.me, self.me, other))
        items.flush()
        e.write('\n  ]\n}\n')
        z.done(e)
        self.count("comment", self.n_comments)

    def write_reactions(self, z):
        r = self.rng
        e = z.open("%s/comments_and_reactions/likes_and_reactions.json" % YFA)
        e.write("[\n")
        items = Items(e)
        for i in range(self.n_reactions):
            ts = T0 + 10**8 + i * 977
            items.add('  {\n    "timestamp": %d,\n    "label_values": [\n      {\n        "label": "Reaction",\n'
                         '        "value": "%s"\n      },\n      {\n        "label": "Name",\n        "value": "%s"\n'
                         '      },\n      {\n        "label": "URL",\n'
                         '        "value": "https://www.facebook.com/photo/?fbid=%d"\n      }\n    ],\n'
                         '    "fbid": "%d",\n    "media": []\n  }'
                         % (ts, r.choice(["Like", "Love", "Haha", "Wow", "Care"]), r.choice(self.people_esc),
                            9000000000000000 + i, 9000000000000000 + i))
        items.flush()
        e.write("\n]\n")
        z.done(e)
        self.count("reaction", self.n_reactions)

    def write_people(self, z):
        r = self.rng
        for path, key, n in (("connections/friends/your_friends.json", "friends_v2", self.n_friends),
                             ("connections/followers/people_who_followed_you.json", "followers_v2", self.n_followers)):
            rows = ",\n".join('    {\n      "name": "%s",\n      "timestamp": %d\n    }'
                              % (r.choice(self.people_esc), T0 + i * 86413 + len(key)) for i in range(n))
            z.put(path, '{\n  "%s": [\n%s\n  ]\n}\n' % (key, rows))
            self.count("contact", n)
        z.put("personal_information/profile_information/profile_information.json",
              '{\n  "profile_v2": {\n    "name": {\n      "full_name": "%s",\n      "first_name": "Ana",\n'
              '      "middle_name": "",\n      "last_name": "%s"\n    },\n    "emails": {\n      "emails": [\n'
              '        "ana.bench@example.com"\n      ],\n      "previous_emails": [],\n      "pending_emails": [],\n'
              '      "ad_account_emails": []\n    },\n    "username": "ana.bench",\n'
              '    "registration_timestamp": 1199145600\n  }\n}\n' % (self.me, esc_body("Kova\u010d")))
        self.count("profile")

    def run(self):
        stamp = "facebook-anabench-2026-01-01-Bn3hCh42"
        z1 = ZipOut("%s/1of2-%s.zip" % (self.out_dir, stamp))
        z2 = ZipOut("%s/2of2-%s.zip" % (self.out_dir, stamp))
        pool = self.media_pool()
        for uri in pool:
            z1.put(uri, fake_jpeg(self.rng, self.rng.randint(12000, 38000)))
        sizes = self.thread_sizes()
        half = sum(sizes) // 2
        done = 0
        for t, n in enumerate(sizes):
            self.write_thread(z1 if done < half else z2, t, n)
            done += n
        self.write_posts(z2, pool)
        self.write_albums(z2, pool)
        self.write_comments(z2)
        self.write_reactions(z2)
        self.write_people(z2)
        z2.put("%s/stories/no-data.txt" % YFA, "You have no data in this section\n")
        # A media file no post or album names is kept as a media record of its own (the importer's
        # MediaTable::emit_unused, keyed by its path), so nothing is lost.
        self.count("media", len(set(pool) - self.referenced))
        z1.close()
        z2.close()
        write_expect("%s/expect" % self.out_dir, self.expect)
        print("   %d threads, %d messages (%d with a photo), %d posts, %d post media files, %d comments, "
              "%d reactions, %d friends, %d followers; %d + %d files"
              % (len(sizes), sum(sizes), sum(sizes) // self.photo_every, self.n_posts, len(pool), self.n_comments,
                 self.n_reactions, self.n_friends, self.n_followers, z1.entries, z2.entries))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_facebook.py OUT_DIR TARGET_MB")
    Gen(sys.argv[1], float(sys.argv[2])).run()
