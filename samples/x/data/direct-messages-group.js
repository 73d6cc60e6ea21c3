window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1760000000000000020",
      "messages" : [
        { "participantsLeave" : { "userIds" : [ "555000555" ], "createdAt" : "2024-03-02T08:00:00.000Z" } },
        {
          "messageCreate" : {
            "reactions" : [ { "senderId" : "4400110022", "reactionKey" : "funny", "eventId" : "1760000000000000099", "createdAt" : "2024-03-01T12:10:00.000Z" } ],
            "urls" : [ ],
            "text" : "site photos 📷",
            "mediaUrls" : [ "https://ton.twitter.com/dm/1760000000000000021/1760000000000000022/Zz8pQw.png" ],
            "senderId" : "222000111",
            "id" : "1760000000000000021",
            "createdAt" : "2024-03-01T12:05:00.000Z"
          }
        },
        { "conversationNameUpdate" : { "initiatingUserId" : "4400110022", "name" : "Bridge crew", "createdAt" : "2024-03-01T12:01:00.000Z" } },
        { "participantsJoin" : { "initiatingUserId" : "4400110022", "userIds" : [ "555000555" ], "createdAt" : "2024-03-01T12:00:30.000Z" } },
        { "joinConversation" : { "initiatingUserId" : "4400110022", "participantsSnapshot" : [ "4400110022", "222000111" ], "createdAt" : "2024-03-01T12:00:00.000Z" } }
      ]
    }
  }
]
