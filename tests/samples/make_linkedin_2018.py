#!/usr/bin/env python3
"""Writes samples/linkedin-2018: a synthetic LinkedIn export in the 2018 layout.

2018 exports name files with spaces ("Imported Contacts.csv", "Search Queries.csv"), use older
column names (Messages.csv From,To,Date,Subject,Content,Direction,Folder; "Email Address";
"Registration Date"; "Saved Search Date,Jobs Search Url"; Rich Media.csv Type,Link), and ship
Logins, Search Queries, Shares, Security Challenges, Ad Targeting and Account Status History as
UTF-16LE with a BOM and TAB separators. Every person and value here is invented.

Run from the repository root: python3 tests/samples/make_linkedin_2018.py
"""
import os

ROOT = "samples/linkedin-2018/Complete_LinkedInDataExport_05-24-2018"

UTF8 = {
    "Connections.csv": (
        "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
        "Ines,Okafor-Lindqvist,,\"Northwind Analytics, Inc.\",Director of People Ops,02/11/18\r\n"
        "Tomás,Reyes,tomas.reyes@example.org,Contoso,\"Engineer, Platform\",11/14/17\r\n"
    ),
    "Messages.csv": (
        "From,To,Date,Subject,Content,Direction,Folder\r\n"
        "Tomás Reyes,Ana Kovač,2018-05-02 09:14:00 UTC,Coffee?,\"Are you in Lyon next week?\nWould be good to catch up.\",INCOMING,INBOX\r\n"
        "Ana Kovač,Tomás Reyes,2018-05-02 10:01:30 UTC,RE: Coffee?,Yes! Tuesday works.,OUTGOING,SENT\r\n"
    ),
    "Imported Contacts.csv": (
        "First Name,Last Name,Companies,Title,Email Address,Phone Numbers,Created At,Addresses,Sites,"
        "Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,Profiles\r\n"
        "Marta,Silva,Fabrikam,Buyer,marta.silva@example.com,+351 21 000 0000,\"Mar 3, 2016\",,,,Marta Silva,,,,\r\n"
        "Jon,Berg,,,jon.berg@example.net,,\"Jan 9, 2017\",,,,Jon Berg,,,,\r\n"
    ),
    "Registration.csv": "Registration Date,Registration Ip,Subscription Types\r\n04/02/09,192.0.2.44,\r\n",
    "SavedJobAlerts.csv": (
        "Saved Search Date,Jobs Search Url\r\n"
        "03/01/18,https://www.linkedin.com/jobs/search/?keywords=data%20engineer&location=Lyon%2C%20France\r\n"
        "04/12/18,https://www.linkedin.com/jobs/search/?location=Berlin&keywords=staff+engineer\r\n"
    ),
    "Rich Media.csv": (
        "Type,Link\r\n"
        "Profile Photo,https://media.licdn.com/mpr/mpr/shrinknp_400_400/p/1/005/0a1/example.jpg\r\n"
        "Background Image,https://media.licdn.com/media/p/2/005/0b2/example.png\r\n"
    ),
    "Profile.csv": (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
        "Geo Location,Twitter Handles,Websites,Instant Messengers\r\n"
        "Ana,Kovač,,,,Data engineer,,Computer Software,,\"Lyon Area, France\",,,\r\n"
    ),
}

UTF16 = {
    "Logins.csv": (
        "Login Date\tIP Address\tUser Agent\tLogin Type\r\n"
        "2018/05/20 07:41:02 UTC\t203.0.113.7\tMozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)\tWEB\r\n"
        "2018/05/21 19:02:45 UTC\t198.51.100.23\tLinkedIn/9.11 (iPhone; iOS 11.3; Scale/2.00)\tMOBILE\r\n"
    ),
    "Search Queries.csv": (
        "Time\tSearch Query\r\n"
        "2018/05/19 12:00:01 UTC\tdata engineer lyon\r\n"
        "2018/05/19 12:03:40 UTC\tTomás Reyes\r\n"
    ),
    "Shares.csv": (
        "Date\tShareLink\tShareCommentary\tSharedUrl\tMediaUrl\tVisibility\r\n"
        "2018-04-30 18:22:10\thttps://www.linkedin.com/feed/update/urn:li:activity:6397000000000000001\t"
        "Why exports need schemas, part 1; comments welcome, as always\thttps://example.org/schemas\t\tMEMBER_NETWORK\r\n"
    ),
    "Security Challenges.csv": (
        "Challenge Date\tIP Address\tUser Agent\tCountry\tChallenge Type\r\n"
        "2018/03/11 08:00:00 UTC\t203.0.113.99\tMozilla/5.0 (Windows NT 10.0; Win64; x64)\tFR\tEMAIL_PIN\r\n"
    ),
    "Ad Targeting.csv": (
        "Member Age\tCompany Names\tDegrees\tFields of Study\tMember Interests\tLanguage\r\n"
        "25 to 34\tContoso; Fabrikam\tMaster's Degree\tComputer Science\tData Engineering; Cycling\tfrançais\r\n"
    ),
    "Account Status History.csv": (
        "Time\tEvent\r\n"
        "2009/04/02 08:49:00 UTC\tAccount created\r\n"
        "2016/10/01 12:00:00 UTC\tPremium subscription started\r\n"
    ),
}


def main():
    os.makedirs(ROOT, exist_ok=True)
    for name, text in UTF8.items():
        with open(os.path.join(ROOT, name), "wb") as f:
            f.write(text.encode("utf-8"))
    for name, text in UTF16.items():
        with open(os.path.join(ROOT, name), "wb") as f:
            f.write(text.encode("utf-16-le").join([b"\xff\xfe", b""]))


if __name__ == "__main__":
    main()
