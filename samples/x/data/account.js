window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "ana.kowal@example.org",
      "createdVia" : "web",
      "username" : "ana_kowal",
      "accountId" : "4400110022",
      "createdAt" : "2011-03-14T09:26:53.000Z",
      "accountDisplayName" : "Ana Kowal 🌉"
    }
  }
]
