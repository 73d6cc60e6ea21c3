#!/usr/bin/env bash
# Writes a large synthetic LinkedIn export into DIR: N_MESSAGES messages (multi-line HTML in a
# quarter of them, group conversations), N_CONNECTIONS connections with the Notes preamble, and
# a few thousand rows of the other big files. Synthetic names only.
# Usage: gen_linkedin.sh DIR [N_MESSAGES] [N_CONNECTIONS]
set -eu
dir=$1; msgs=${2:-200000}; conns=${3:-30000}
root="$dir/Complete_LinkedInDataExport_03-15-2026"
mkdir -p "$root"
{
  printf 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
  printf 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
  awk -v n="$conns" 'BEGIN {
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ");
    for (i = 1; i <= n; i++)
      printf "Person%d,Lastname-%d,https://www.linkedin.com/in/person-%d,,\"Company %d, Inc.\",Engineer %d,%02d %s %d\n",
        i, i, i, i % 977, i % 13, (i % 28) + 1, mon[(i % 12) + 1], 2010 + (i % 16);
  }'
} > "$root/Connections.csv"
{
  printf 'CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n'
  awk -v n="$msgs" 'BEGIN {
    for (i = 1; i <= n; i++) {
      conv = int(i / 7);
      group = (conv % 10 == 0);
      to = group ? "Person" (i % 500) " Lastname, Person" (i % 300) " Other" : "Person" (i % 500) " Lastname";
      urls = group ? "https://www.linkedin.com/in/person-" (i % 500) ",https://www.linkedin.com/in/person-" (i % 300) : "https://www.linkedin.com/in/person-" (i % 500);
      if (i % 4 == 0) content = "\"<p>Hello Person" (i % 500) ",</p>\n<p>Thanks for the note about project " i ", see you on Monday.</p>\"";
      else content = "Short reply number " i " about the meeting";
      printf "2-%024d,%s,Self Person,https://www.linkedin.com/in/self,\"%s\",\"%s\",%d-%02d-%02d %02d:%02d:%02d UTC,,%s,INBOX,\n",
        conv, group ? "Group " conv : "", to, urls, 2015 + (i % 11), (i % 12) + 1, (i % 28) + 1, i % 24, i % 60, (i * 7) % 60, content;
    }
  }'
} > "$root/messages.csv"
{
  printf 'Time,Search Query\n'
  awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "2024/%02d/%02d %02d:%02d:%02d UTC,search term %d\n", (i % 12) + 1, (i % 28) + 1, i % 24, i % 60, i % 60, i }'
} > "$root/SearchQueries.csv"
{
  printf 'Date,Type,Link\n'
  awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "2023-%02d-%02d %02d:%02d:%02d,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:%d\n", (i % 12) + 1, (i % 28) + 1, i % 24, i % 60, i % 60, 7000000000 + i }'
} > "$root/Reactions.csv"
printf 'First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nSelf,Person,,,,Engineer,,Software,,Berlin,,,\n' > "$root/Profile.csv"
