window.YTD.ip_audit.part0 = [
  { "ipAudit" : { "accountId" : "4400110022", "createdAt" : "2024-11-15T07:12:45.000Z", "loginIp" : "203.0.113.7", "loginPortNumber" : "51234" } },
  { "ipAudit" : { "accountId" : "4400110022", "createdAt" : "2024-11-14T21:00:01.000Z", "loginIp" : "2001:db8::1" } }
]
