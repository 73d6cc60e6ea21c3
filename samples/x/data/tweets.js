window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1750000000000000101" ], "editableUntil" : "2024-01-24T15:02:11.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ { "name" : "River Otter", "screen_name" : "river_otter", "indices" : [ "0", "12" ], "id_str" : "222000111", "id" : "222000111" } ],
        "urls" : [ { "url" : "https://t.co/Ab12Cd", "expanded_url" : "https://example.org/notes", "display_url" : "example.org/notes", "indices" : [ "33", "56" ] } ]
      },
      "display_text_range" : [ "0", "56" ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1749999999999999001",
      "id_str" : "1750000000000000101",
      "in_reply_to_user_id" : "222000111",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1750000000000000101",
      "in_reply_to_status_id" : "1749999999999999001",
      "created_at" : "Wed Jan 24 14:02:11 +0000 2024",
      "favorited" : false,
      "full_text" : "@river_otter agreed &amp; written up: https://t.co/Ab12Cd",
      "lang" : "en",
      "in_reply_to_screen_name" : "river_otter",
      "in_reply_to_user_id_str" : "222000111"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ { "text" : "bridges", "indices" : [ "20", "28" ] } ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ],
        "media" : [ { "expanded_url" : "https://twitter.com/ana_kowal/status/1750000000000000102/photo/1", "indices" : [ "29", "52" ], "url" : "https://t.co/PhOtO1", "media_url" : "http://pbs.twimg.com/media/GdXk3aWcAAx9Qz.png", "id_str" : "1750000000000000900", "id" : "1750000000000000900", "media_url_https" : "https://pbs.twimg.com/media/GdXk3aWcAAx9Qz.png", "type" : "photo", "display_url" : "pic.twitter.com/PhOtO1" } ]
      },
      "display_text_range" : [ "0", "28" ],
      "favorite_count" : "12",
      "id_str" : "1750000000000000102",
      "truncated" : false,
      "possibly_sensitive" : false,
      "retweet_count" : "2",
      "id" : "1750000000000000102",
      "created_at" : "Thu Jan 25 08:15:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Two spans, one day #bridges https://t.co/PhOtO1",
      "lang" : "en",
      "extended_entities" : {
        "media" : [
          { "expanded_url" : "https://twitter.com/ana_kowal/status/1750000000000000102/photo/1", "indices" : [ "29", "52" ], "url" : "https://t.co/PhOtO1", "media_url" : "http://pbs.twimg.com/media/GdXk3aWcAAx9Qz.png", "id_str" : "1750000000000000900", "id" : "1750000000000000900", "media_url_https" : "https://pbs.twimg.com/media/GdXk3aWcAAx9Qz.png", "type" : "photo", "display_url" : "pic.twitter.com/PhOtO1" },
          { "expanded_url" : "https://twitter.com/ana_kowal/status/1750000000000000102/video/1", "indices" : [ "29", "52" ], "url" : "https://t.co/PhOtO1", "media_url" : "http://pbs.twimg.com/ext_tw_video_thumb/1750000000000000901/pu/img/GdXk3bWcAAy0Rr.png", "id_str" : "1750000000000000901", "id" : "1750000000000000901", "media_url_https" : "https://pbs.twimg.com/ext_tw_video_thumb/1750000000000000901/pu/img/GdXk3bWcAAy0Rr.png", "type" : "video",
            "video_info" : { "aspect_ratio" : [ "16", "9" ], "duration_millis" : "4000", "variants" : [
              { "content_type" : "application/x-mpegURL", "url" : "https://video.twimg.com/ext_tw_video/1750000000000000901/pu/pl/a.m3u8" },
              { "bitrate" : "256000", "content_type" : "video/mp4", "url" : "https://video.twimg.com/ext_tw_video/1750000000000000901/pu/vid/480x270/low.mp4" },
              { "bitrate" : "2176000", "content_type" : "video/mp4", "url" : "https://video.twimg.com/ext_tw_video/1750000000000000901/pu/vid/1280x720/high.mp4" } ] },
            "display_url" : "pic.twitter.com/PhOtO1" }
        ]
      }
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ { "url" : "https://t.co/QuOt3d", "expanded_url" : "https://twitter.com/bridgefacts/status/1740000000000000555", "display_url" : "twitter.com/bridgefacts/st…", "indices" : [ "256", "279" ] } ]
      },
      "display_text_range" : [ "0", "279" ],
      "favorite_count" : "1",
      "id_str" : "1750000000000000103",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1750000000000000103",
      "created_at" : "Fri Jan 26 19:45:30 +0000 2024",
      "favorited" : false,
      "full_text" : "Long thoughts on load paths: a truss is only as good as its joints, and the joints are only as good as the people who inspect them every spring &lt;3 … https://t.co/QuOt3d",
      "lang" : "en",
      "in_reply_to_user_id_str" : "333000222",
      "in_reply_to_status_id_str" : "1740000000000000999"
    }
  }
]
