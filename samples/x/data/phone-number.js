window.YTD.phone_number.part0 = [
  {
    "device" : {
      "phoneNumber" : "+48555000111"
    }
  }
]
