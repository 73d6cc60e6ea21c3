window.YTD.lists_member.part0 = [
  { "userListInfo" : { "url" : "https://twitter.com/river_otter/lists/1500000000000000555" } }
]
