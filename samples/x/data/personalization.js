window.YTD.personalization.part0 = [
  {
    "p13nData" : {
      "demographics" : {
        "languages" : [ { "language" : "English", "isDisabled" : false }, { "language" : "Polish", "isDisabled" : true } ],
        "genderInfo" : { "gender" : "female" }
      },
      "interests" : {
        "interests" : [ { "name" : "Civil engineering", "isDisabled" : false }, { "name" : "Cats", "isDisabled" : true } ],
        "partnerInterests" : [ ],
        "audienceAndAdvertisers" : {
          "lookalikeAdvertisers" : [ "@SteelCo", "@BridgeToursPL" ],
          "advertisers" : [ "@HardHatShop" ],
          "doNotReachAdvertisers" : [ ],
          "catalogAudienceAdvertisers" : [ ],
          "numAudiences" : "3"
        },
        "shows" : [ "Grand Designs" ]
      },
      "locationHistory" : [ "Kraków, Poland" ],
      "inferredAgeInfo" : { "age" : [ "25-34" ], "birthDate" : "" }
    }
  }
]
