window.YTD.grok_chat_item.part0 = [
  {
    "grokChatItem" : {
      "grokMode" : { "value" : "1", "name" : "Normal", "originalName" : "NORMAL", "annotations" : { } },
      "accountId" : "4400110022",
      "chatId" : "1981000000000000001",
      "createdAt" : "2024-10-23T13:11:59.692Z",
      "sender" : { "value" : "1", "name" : "User", "originalName" : "USER", "annotations" : { } },
      "message" : "What is the longest suspension bridge?"
    }
  },
  {
    "grokChatItem" : {
      "postIds" : [ "1963167707399864542", "1963167707399864542" ],
      "grokMode" : { "value" : "1", "name" : "Normal", "originalName" : "NORMAL", "annotations" : { } },
      "accountId" : "4400110022",
      "chatId" : "1981000000000000001",
      "createdAt" : "2024-10-23T13:11:59.692Z",
      "sender" : { "value" : "2", "name" : "Agent", "originalName" : "AGENT", "annotations" : { } },
      "message" : "The 1915 Çanakkale Bridge in Türkiye, with a main span of 2,023 m."
    }
  }
]
