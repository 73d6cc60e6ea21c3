window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1740000000000000555",
      "fullText" : "The Forth Bridge used 54,000 tonnes of steel &amp; 6.5 million rivets.",
      "expandedUrl" : "https://twitter.com/i/web/status/1740000000000000555"
    }
  },
  {
    "like" : {
      "tweetId" : "1700000000000000321"
    }
  }
]
