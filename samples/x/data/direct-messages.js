window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "222000111-4400110022",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "222000111",
            "reactions" : [ { "senderId" : "222000111", "reactionKey" : "like", "eventId" : "1760000000000000090", "createdAt" : "2024-02-10T10:03:00.000Z" } ],
            "urls" : [ ],
            "text" : "here's the photo https://t.co/DmPh0t0",
            "mediaUrls" : [ "https://ton.twitter.com/dm/1760000000000000003/1760000000000000004/Kq9rTt2n.png" ],
            "senderId" : "4400110022",
            "id" : "1760000000000000003",
            "createdAt" : "2024-02-10T10:00:05.120Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "4400110022",
            "reactions" : [ ],
            "urls" : [ { "url" : "https://t.co/Lnk9", "expanded" : "https://example.org/inspection-guide.pdf", "display" : "example.org/inspection-gu…" } ],
            "text" : "got the guide? https://t.co/Lnk9 &gt; page 4",
            "mediaUrls" : [ ],
            "senderId" : "222000111",
            "id" : "1760000000000000002",
            "createdAt" : "2024-02-10T09:58:00.000Z"
          }
        }
      ]
    }
  }
]
