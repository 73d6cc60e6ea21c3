window.YTD.direct_message.part0 = [ {
  "dmConversation" : {
    "conversationId" : "123456-4400110022",
    "messages" : [ {
      "messageCreate" : {
        "recipientId" : "123456",
        "reactions" : [ ],
        "urls" : [ ],
        "text" : "the pic from today https://t.co/dmOld",
        "mediaUrls" : [ "https://ton.twitter.com/dm/1100000000000000077/1100000000000000078/D2xYz.png" ],
        "senderId" : "4400110022",
        "id" : "1100000000000000077",
        "createdAt" : "2019-02-25T17:00:00.000Z"
      }
    } ]
  }
} ]
