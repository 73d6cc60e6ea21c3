window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "Bridges, trusses &amp; the odd cable-stay. Views mine.",
        "website" : "https://t.co/Wb1Site",
        "location" : "Kraków / Łódź"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1500000000000000000/Av4t4rXy_400x400.png",
      "headerMediaUrl" : "https://pbs.twimg.com/profile_banners/4400110022/1500000000"
    }
  }
]
