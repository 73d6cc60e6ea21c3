window.YTD.follower.part0 = [
  { "follower" : { "accountId" : "222000111", "userLink" : "https://twitter.com/intent/user?user_id=222000111" } },
  { "follower" : { "accountId" : "1600000000000000999", "userLink" : "https://twitter.com/intent/user?user_id=1600000000000000999" } }
]
