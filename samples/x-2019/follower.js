window.YTD.follower.part0 = [ {
  "follower" : {
    "accountId" : "123456",
    "userLink" : "https://twitter.com/intent/user?user_id=123456"
  }
} ]
