window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1750000000000777003",
      "updatedAt" : "2024-02-03T18:20:05.000Z",
      "lifecycle" : { "value" : "1", "name" : "Created", "originalName" : "Created", "annotations" : { } },
      "createdAt" : "2024-02-03T18:20:05.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ ],
        "text" : "Replying at length because the short answer misleads: bearings are replaced, not repaired, and the deck has to be jacked up a few millimetres while the traffic keeps going over the other half of the bridge, which is why the night shifts take a whole summer.",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1750000000000777001",
      "updatedAt" : "2024-01-26T19:45:30.000Z",
      "lifecycle" : { "value" : "1", "name" : "Created", "originalName" : "Created", "annotations" : { } },
      "createdAt" : "2024-01-26T19:45:30.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ { "shortUrl" : "https://t.co/QuOt3d", "expandedUrl" : "https://twitter.com/bridgefacts/status/1740000000000000555", "displayUrl" : "twitter.com/bridgefacts/st…", "fromIndex" : "300", "toIndex" : "323" } ],
        "text" : "Long thoughts on load paths: a truss is only as good as its joints, and the joints are only as good as the people who inspect them every spring <3 So here is the whole checklist we use, item by item, with the bits nobody writes down. https://t.co/QuOt3d",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1750000000000777002",
      "updatedAt" : "2024-02-01T07:00:00.000Z",
      "lifecycle" : { "value" : "1", "name" : "Created", "originalName" : "Created", "annotations" : { } },
      "createdAt" : "2024-02-01T07:00:00.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ ],
        "text" : "A long post whose tweet is not in this archive (deleted before the export). #orphan @river_otter",
        "mentions" : [ { "screenName" : "river_otter", "fromIndex" : "83", "toIndex" : "95" } ],
        "cashtags" : [ ],
        "hashtags" : [ { "hashtag" : "orphan", "fromIndex" : "75", "toIndex" : "82" } ]
      }
    }
  }
]
