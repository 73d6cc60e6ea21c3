#!/usr/bin/env python3
"""Writes a synthetic X (Twitter) archive as one zip: data/manifest.js listing every file, tweets
split over data/tweets.js, data/tweets-part1.js, data/tweets-part2.js (`window.YTD.tweets.partN = [`
wrappers, the archive's own " : " spacing), with entities (t.co links, mentions, hashtags), replies,
edit info and photos in data/tweets_media/; plus likes, followers, following, direct messages,
account and profile.

Usage: gen_x.py OUT_DIR N_TWEETS
Writes OUT_DIR/twitter-2026-01-01-<hash>.zip and OUT_DIR/expect. Synthetic content only.
"""

import random
import sys
import time

from benchlib import Items, ZipOut, fake_jpeg, write_expect

ACCOUNT = "4400110022"
USER = "ana_bench"
T0 = 1_700_000_000
WORDS = ("bridge truss steel load river walk coffee caf\u00e9 \u00e9t\u00e9 train late again lovely morning "
         "reading paper notes sqlite zip stream \U0001f309 \U0001f680 &amp; &gt; &lt; thread today tomorrow "
         "\u65e5\u672c \u00fcber na\u00efve").split()


def x_date(t):
    return time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(t))


def tweet(rng, i, with_media):
    tid = 1750000000000000000 + i * 1013
    t = T0 + i * 53
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 24)))
    mentions, urls, tags, media = [], [], [], []
    text = words
    if i % 3 == 0:
        who = "friend_%d" % (i % 4000)
        text = "@%s %s" % (who, text)
        mentions.append('{ "name" : "Friend %d", "screen_name" : "%s", "indices" : [ "0", "%d" ], '
                        '"id_str" : "%d", "id" : "%d" }' % (i % 4000, who, len(who) + 1, 222000000 + i % 4000, 222000000 + i % 4000))
    if i % 4 == 0:
        short = "https://t.co/L%08d" % i
        text += " " + short
        urls.append('{ "url" : "%s", "expanded_url" : "https://example.org/notes/%d", "display_url" : '
                    '"example.org/notes/%d", "indices" : [ "0", "23" ] }' % (short, i, i))
    if i % 5 == 0:
        text += " #bench%d" % (i % 100)
        tags.append('{ "text" : "bench%d", "indices" : [ "0", "8" ] }' % (i % 100))
    files = []
    if with_media:
        short = "https://t.co/M%08d" % i
        name = "G%08dXk3aWcAAx9Qz" % i
        text += " " + short
        files.append("%d-%s.jpg" % (tid, name))
        media.append('{\n            "expanded_url" : "https://x.com/%s/status/%d/photo/1",\n'
                     '            "indices" : [ "0", "23" ],\n            "url" : "%s",\n'
                     '            "media_url" : "http://pbs.twimg.com/media/%s.jpg",\n            "id_str" : "%d",\n'
                     '            "id" : "%d",\n            "media_url_https" : "https://pbs.twimg.com/media/%s.jpg",\n'
                     '            "type" : "photo",\n            "display_url" : "pic.x.com/%s"\n          }'
                     % (USER, tid, short, name, tid + 1, tid + 1, name, name))
    reply = ""
    if i % 3 == 0:
        reply = ('      "in_reply_to_status_id_str" : "%d",\n      "in_reply_to_user_id" : "%d",\n'
                 '      "in_reply_to_screen_name" : "friend_%d",\n      "in_reply_to_user_id_str" : "%d",\n'
                 '      "in_reply_to_status_id" : "%d",\n'
                 % (tid - 7, 222000000 + i % 4000, i % 4000, 222000000 + i % 4000, tid - 7))
    ext = ""
    if media:
        ext = '      "extended_entities" : {\n        "media" : [\n          %s\n        ]\n      },\n' % ",\n".join(media)
    body = ('  {\n    "tweet" : {\n      "edit_info" : {\n        "initial" : {\n          "editTweetIds" : [\n'
            '            "%d"\n          ],\n          "editableUntil" : "2024-01-24T15:02:11.000Z",\n'
            '          "editsRemaining" : "5",\n          "isEditEligible" : true\n        }\n      },\n'
            '      "retweeted" : false,\n'
            '      "source" : "<a href=\\"https://mobile.twitter.com\\" rel=\\"nofollow\\">Twitter Web App</a>",\n'
            '      "entities" : {\n        "hashtags" : [ %s ],\n        "symbols" : [ ],\n'
            '        "user_mentions" : [ %s ],\n        "urls" : [ %s ]%s\n      },\n'
            '      "display_text_range" : [\n        "0",\n        "%d"\n      ],\n'
            '      "favorite_count" : "%d",\n%s      "id_str" : "%d",\n      "truncated" : false,\n'
            '      "retweet_count" : "%d",\n      "id" : "%d",\n      "possibly_sensitive" : false,\n'
            '      "created_at" : "%s",\n      "favorited" : false,\n      "full_text" : "%s",\n'
            '      "lang" : "en"\n%s    }\n  }'
            % (tid, ", ".join(tags), ", ".join(mentions), ", ".join(urls),
               (',\n        "media" : [\n          %s\n        ]' % media[0]) if media else "",
               len(text), rng.randint(0, 50), reply, tid, rng.randint(0, 9), tid, x_date(t), text,
               (",\n" + ext.rstrip(",\n") + "\n") if ext else ""))
    return body, files


def main(out, n_tweets):
    rng = random.Random(5001)
    z = ZipOut("%s/twitter-2026-01-01-5e7a0c1b9d2f4a6e8c0b.zip" % out)
    n_likes = max(10, n_tweets // 5)
    n_followers = max(10, n_tweets // 50)
    n_following = max(10, n_tweets // 100)
    n_convs = max(2, n_tweets // 2000)
    # Tweets: three parts of roughly equal size, newest first as X writes them.
    bounds = [0, n_tweets // 3, 2 * n_tweets // 3, n_tweets]
    names = ["data/tweets.js", "data/tweets-part1.js", "data/tweets-part2.js"]
    media_files = []
    for p in range(3):
        e = z.open(names[p])
        e.write("window.YTD.tweets.part%d = [\n" % p)
        items = Items(e)
        for i in range(bounds[p + 1] - 1, bounds[p] - 1, -1):
            body, files = tweet(rng, i, i % 400 == 0)
            media_files += files
            items.add(body)
        items.flush()
        e.write("\n]")
        z.done(e)
    for f in media_files:
        z.put("data/tweets_media/" + f, fake_jpeg(rng, rng.randint(15000, 60000)))
    e = z.open("data/like.js")
    e.write("window.YTD.like.part0 = [\n")
    e.write(",\n".join('  {\n    "like" : {\n      "tweetId" : "%d",\n      "fullText" : "%s",\n'
                       '      "expandedUrl" : "https://twitter.com/i/web/status/%d"\n    }\n  }'
                       % (1600000000000000000 + k * 31, " ".join(rng.choice(WORDS) for _ in range(12)),
                          1600000000000000000 + k * 31) for k in range(n_likes)))
    e.write("\n]")
    z.done(e)
    for kind, n, base in (("follower", n_followers, 300000000), ("following", n_following, 400000000)):
        z.put("data/%s.js" % kind, "window.YTD.%s.part0 = [\n%s\n]" % (kind, ",\n".join(
            '  {\n    "%s" : {\n      "accountId" : "%d",\n      "userLink" : "https://twitter.com/intent/user?user_id=%d"\n    }\n  }'
            % (kind, base + k, base + k) for k in range(n))))
    n_dms = 0
    convs = []
    for c in range(n_convs):
        other = 222000000 + c
        msgs = []
        for m in range(rng.randint(5, 60), 0, -1):
            mine = m % 2 == 0
            msgs.append('        {\n          "messageCreate" : {\n            "recipientId" : "%s",\n'
                        '            "reactions" : [ ],\n            "urls" : [ ],\n            "text" : "%s",\n'
                        '            "mediaUrls" : [ ],\n            "senderId" : "%s",\n            "id" : "%d",\n'
                        '            "createdAt" : "%s.000Z",\n            "editHistory" : [ ]\n          }\n        }'
                        % (other if mine else ACCOUNT, " ".join(rng.choice(WORDS) for _ in range(10)),
                           ACCOUNT if mine else other, 1760000000000000000 + c * 1000 + m,
                           time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(T0 + c * 5000 + m * 60))))
            n_dms += 1
        convs.append('  {\n    "dmConversation" : {\n      "conversationId" : "%d-%s",\n      "messages" : [\n%s\n'
                     '      ]\n    }\n  }' % (other, ACCOUNT, ",\n".join(msgs)))
    z.put("data/direct-messages.js", "window.YTD.direct_messages.part0 = [\n%s\n]" % ",\n".join(convs))
    z.put("data/account.js", 'window.YTD.account.part0 = [\n  {\n    "account" : {\n      "email" : "ana.bench@example.org",\n'
          '      "createdVia" : "web",\n      "username" : "%s",\n      "accountId" : "%s",\n'
          '      "createdAt" : "2011-03-14T09:26:53.000Z",\n      "accountDisplayName" : "Ana Bench \U0001f309"\n'
          '    }\n  }\n]' % (USER, ACCOUNT))
    z.put("data/profile.js", 'window.YTD.profile.part0 = [\n  {\n    "profile" : {\n      "description" : {\n'
          '        "bio" : "Synthetic bench account",\n        "website" : "https://example.org",\n'
          '        "location" : "Lyon"\n      }\n    }\n  }\n]')
    z.put("data/README.txt", "Synthetic X archive written by dataport's bench.\n")

    def entry(name, glob, count, media=""):
        return '{ "fileName" : "%s", "globalName" : "%s", "count" : "%d" }' % (name, glob, count)

    tweet_files = ", ".join(entry(names[p], "YTD.tweets.part%d" % p, bounds[p + 1] - bounds[p]) for p in range(3))
    manifest = ('window.__THAR_CONFIG = {\n  "userInfo" : {\n    "accountId" : "%s",\n    "userName" : "%s",\n'
                '    "displayName" : "Ana Bench"\n  },\n  "archiveInfo" : {\n    "sizeBytes" : "%d",\n'
                '    "generationDate" : "2026-01-01T00:00:00.000Z",\n    "isPartialArchive" : false,\n'
                '    "maxPartSizeBytes" : "53687091200"\n  },\n  "dataTypes" : {\n'
                '    "account" : { "files" : [ %s ] },\n'
                '    "directMessages" : { "mediaDirectory" : "data/direct_messages_media", "files" : [ %s ] },\n'
                '    "follower" : { "files" : [ %s ] },\n    "following" : { "files" : [ %s ] },\n'
                '    "like" : { "files" : [ %s ] },\n    "profile" : { "files" : [ %s ] },\n'
                '    "tweets" : { "mediaDirectory" : "data/tweets_media", "files" : [ %s ] },\n'
                '    "tweetsMedia" : { "mediaDirectory" : "data/tweets_media" }\n  }\n}\n'
                % (ACCOUNT, USER, z.bytes, entry("data/account.js", "YTD.account.part0", 1),
                   entry("data/direct-messages.js", "YTD.direct_messages.part0", n_convs),
                   entry("data/follower.js", "YTD.follower.part0", n_followers),
                   entry("data/following.js", "YTD.following.part0", n_following),
                   entry("data/like.js", "YTD.like.part0", n_likes), entry("data/profile.js", "YTD.profile.part0", 1),
                   tweet_files))
    z.put("data/manifest.js", manifest)
    z.close()
    write_expect(out + "/expect", {"post": n_tweets, "reaction": n_likes, "contact": n_followers + n_following,
                                   "message": n_dms, "profile": 1})
    print("   %d tweets in 3 files (%d with a photo), %d likes, %d followers, %d following, %d DMs; %.0f MB"
          % (n_tweets, len(media_files), n_likes, n_followers, n_following, n_dms, z.bytes / 1e6))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_x.py OUT_DIR N_TWEETS")
    main(sys.argv[1], int(float(sys.argv[2])))
