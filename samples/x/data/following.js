window.YTD.following.part0 = [
  { "following" : { "accountId" : "222000111", "userLink" : "https://twitter.com/intent/user?user_id=222000111" } }
]
