window.YTD.ageinfo.part0 = [ ]
