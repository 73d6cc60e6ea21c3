window.YTD.direct_message_headers.part0 = [
  { "dmConversation" : { "conversationId" : "222000111-4400110022", "messages" : [ { "messageCreate" : { "id" : "1760000000000000003", "senderId" : "4400110022", "recipientId" : "222000111", "createdAt" : "2024-02-10T10:00:05.120Z" } } ] } }
]
