window.YTD.ad_impressions.part0 = [
  {
    "ad" : {
      "adsUserData" : {
        "adImpressions" : {
          "impressions" : [
            {
              "deviceInfo" : { "osType" : "Ios" },
              "displayLocation" : "TimelineHome",
              "promotedTweetInfo" : { "tweetId" : "1751000000000000001", "tweetText" : "Hard hats 20% off &amp; free delivery", "urls" : [ "https://t.co/Ad1" ], "mediaUrls" : [ ] },
              "advertiserInfo" : { "advertiserName" : "Hard Hat Shop", "screenName" : "@HardHatShop" },
              "matchedTargetingCriteria" : [ { "targetingType" : "Keywords", "targetingValue" : "bridge" }, { "targetingType" : "Locations", "targetingValue" : "Poland" } ],
              "impressionTime" : "2024-02-05 18:04:11"
            }
          ]
        }
      }
    }
  }
]
