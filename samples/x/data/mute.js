window.YTD.mute.part0 = [
  { "muting" : { "accountId" : "777000777", "userLink" : "https://twitter.com/intent/user?user_id=777000777" } }
]
