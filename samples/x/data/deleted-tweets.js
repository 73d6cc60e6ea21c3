window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "17" ],
      "favorite_count" : "0",
      "id_str" : "1745000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1745000000000000001",
      "created_at" : "Mon Jan 08 10:00:00 +0000 2024",
      "deleted_at" : "Mon Jan 08 10:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "typo'd tweet, oops",
      "lang" : "en"
    }
  }
]
