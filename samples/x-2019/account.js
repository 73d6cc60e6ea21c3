window.YTD.account.part0 = [ {
  "account" : {
    "phoneNumber" : "+48555000111",
    "email" : "ana.kowal@example.org",
    "createdVia" : "web",
    "username" : "anakowal_eng",
    "accountId" : "4400110022",
    "createdAt" : "2011-03-14T09:26:53.000Z",
    "accountDisplayName" : "Ana K."
  }
} ]
