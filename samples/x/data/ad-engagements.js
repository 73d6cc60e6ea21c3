window.YTD.ad_engagements.part0 = [
  {
    "ad" : {
      "adsUserData" : {
        "adEngagements" : {
          "engagements" : [
            {
              "impressionAttributes" : {
                "deviceInfo" : { "osType" : "Desktop" },
                "displayLocation" : "SearchTweets",
                "promotedTweetInfo" : { "tweetId" : "1751000000000000002", "tweetText" : "See the Forth Bridge by boat", "urls" : [ ], "mediaUrls" : [ ] },
                "advertiserInfo" : { "advertiserName" : "Bridge Tours", "screenName" : "@BridgeToursPL" },
                "matchedTargetingCriteria" : [ { "targetingType" : "Follower look-alikes", "targetingValue" : "@bridgefacts" } ],
                "impressionTime" : "2024-02-06 09:00:00"
              },
              "engagementAttributes" : [ { "engagementTime" : "2024-02-06 09:00:12", "engagementType" : "ChargeableImpression" }, { "engagementTime" : "2024-02-06 09:00:40", "engagementType" : "UrlClick" } ]
            }
          ]
        }
      }
    }
  }
]
