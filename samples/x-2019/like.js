window.YTD.like.part0 = [ {
  "like" : {
    "tweetId" : "1090000000000000001",
    "fullText" : "Bridges are just roads that got brave.",
    "expandedUrl" : "https://twitter.com/i/web/status/1090000000000000001"
  }
} ]
