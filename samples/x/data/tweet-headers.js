window.YTD.tweet_headers.part0 = [
  { "tweet" : { "tweet_id" : "1750000000000000101", "user_id" : "4400110022", "created_at" : "Wed Jan 24 14:02:11 +0000 2024" } },
  { "tweet" : { "tweet_id" : "1750000000000000102", "user_id" : "4400110022", "created_at" : "Thu Jan 25 08:15:00 +0000 2024" } }
]
