window.YTD.community_tweet.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "40" ],
      "favorite_count" : "5",
      "id_str" : "1752000000000000010",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1752000000000000010",
      "created_at" : "Sat Feb 03 12:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Welcome to the Civil Engineers community!",
      "lang" : "en",
      "community_id_str" : "1600000000000000077",
      "community_id" : "1600000000000000077"
    }
  }
]
