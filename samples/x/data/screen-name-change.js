window.YTD.screen_name_change.part0 = [
  {
    "screenNameChange" : {
      "accountId" : "4400110022",
      "screenNameChange" : {
        "changedAt" : "2019-05-02T18:11:40.000Z",
        "changedFrom" : "anakowal_eng",
        "changedTo" : "ana_kowal"
      }
    }
  }
]
