window.YTD.lists_created.part0 = [
  { "userListInfo" : { "url" : "https://twitter.com/ana_kowal/lists/1500000000000000444" } }
]
