window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ { "name" : "River Otter", "screen_name" : "river_otter", "indices" : [ "0", "12" ], "id_str" : "44001", "id" : "44001" }, { "name" : "Bridge Facts", "screen_name" : "bridgefacts", "indices" : [ "13", "25" ], "id_str" : "44002", "id" : "44002" } ], "urls" : [ ] },
      "display_text_range" : [ "26", "306" ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1749999999999999002",
      "in_reply_to_status_id" : "1749999999999999002",
      "in_reply_to_screen_name" : "river_otter",
      "in_reply_to_user_id_str" : "44001",
      "id_str" : "1750000000000000104",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1750000000000000104",
      "created_at" : "Sat Feb 03 18:20:05 +0000 2024",
      "favorited" : false,
      "full_text" : "@river_otter @bridgefacts Replying at length because the short answer misleads: bearings are replaced, not repaired, and the deck has to be jacked up a few millimetres while the traffic keeps going over the other half of the bridge, which is …",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "900000000000000001" ], "editableUntil" : "2017-09-22T10:40:00.000Z", "editsRemaining" : "5", "isEditEligible" : false } },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ { "name" : "Bridge Facts", "screen_name" : "bridgefacts", "indices" : [ "3", "15" ], "id_str" : "-1", "id" : "-1" } ], "urls" : [ ] },
      "display_text_range" : [ "0", "140" ],
      "favorite_count" : "0",
      "id_str" : "900000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "900000000000000001",
      "created_at" : "Fri Sep 22 09:40:00 +0000 2017",
      "favorited" : false,
      "full_text" : "RT @bridgefacts: The Forth Bridge used 54,000 tonnes of steel &amp; 6.5 million rivets. It took seven years to b…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "21" ],
      "favorite_count" : "0",
      "id_str" : "11111",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "11111",
      "created_at" : "Tue Mar 04 08:00:00 +0000 1997",
      "favorited" : false,
      "full_text" : "a tweet dated 1997 (!)",
      "lang" : "en"
    }
  }
]
