window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "4400110022",
    "userName" : "ana_kowal",
    "displayName" : "Ana Kowal 🌉"
  },
  "archiveInfo" : {
    "sizeBytes" : "48211",
    "generationDate" : "2024-11-16T11:33:22.222Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "account" : { "files" : [ { "fileName" : "data/account.js", "globalName" : "YTD.account.part0", "count" : "1" } ] },
    "adEngagements" : { "files" : [ { "fileName" : "data/ad-engagements.js", "globalName" : "YTD.ad_engagements.part0", "count" : "1" } ] },
    "adImpressions" : { "files" : [ { "fileName" : "data/ad-impressions.js", "globalName" : "YTD.ad_impressions.part0", "count" : "1" } ] },
    "block" : { "files" : [ { "fileName" : "data/block.js", "globalName" : "YTD.block.part0", "count" : "1" } ] },
    "communityTweet" : { "mediaDirectory" : "data/community_tweet_media", "files" : [ { "fileName" : "data/community-tweet.js", "globalName" : "YTD.community_tweet.part0", "count" : "1" } ] },
    "communityTweetMedia" : { "mediaDirectory" : "data/community_tweet_media" },
    "connectedApplication" : { "files" : [ { "fileName" : "data/connected-application.js", "globalName" : "YTD.connected_application.part0", "count" : "0" } ] },
    "deletedTweets" : { "mediaDirectory" : "data/deleted_tweets_media", "files" : [ { "fileName" : "data/deleted-tweets.js", "globalName" : "YTD.deleted_tweets.part0", "count" : "1" } ] },
    "directMessageHeaders" : { "files" : [ { "fileName" : "data/direct-message-headers.js", "globalName" : "YTD.direct_message_headers.part0", "count" : "1" } ] },
    "directMessages" : { "mediaDirectory" : "data/direct_messages_media", "files" : [ { "fileName" : "data/direct-messages.js", "globalName" : "YTD.direct_messages.part0", "count" : "1" } ] },
    "directMessagesGroup" : { "mediaDirectory" : "data/direct_messages_group_media", "files" : [ { "fileName" : "data/direct-messages-group.js", "globalName" : "YTD.direct_messages_group.part0", "count" : "1" } ] },
    "follower" : { "files" : [ { "fileName" : "data/follower.js", "globalName" : "YTD.follower.part0", "count" : "2" } ] },
    "following" : { "files" : [ { "fileName" : "data/following.js", "globalName" : "YTD.following.part0", "count" : "1" } ] },
    "grokChatItem" : { "files" : [ { "fileName" : "data/grok-chat-item.js", "globalName" : "YTD.grok_chat_item.part0", "count" : "2" } ] },
    "ipAudit" : { "files" : [ { "fileName" : "data/ip-audit.js", "globalName" : "YTD.ip_audit.part0", "count" : "2" } ] },
    "like" : { "files" : [ { "fileName" : "data/like.js", "globalName" : "YTD.like.part0", "count" : "2" } ] },
    "listsCreated" : { "files" : [ { "fileName" : "data/lists-created.js", "globalName" : "YTD.lists_created.part0", "count" : "1" } ] },
    "listsMember" : { "files" : [ { "fileName" : "data/lists-member.js", "globalName" : "YTD.lists_member.part0", "count" : "1" } ] },
    "mute" : { "files" : [ { "fileName" : "data/mute.js", "globalName" : "YTD.mute.part0", "count" : "1" } ] },
    "noteTweet" : { "files" : [ { "fileName" : "data/note-tweet.js", "globalName" : "YTD.note_tweet.part0", "count" : "3" } ] },
    "personalization" : { "files" : [ { "fileName" : "data/personalization.js", "globalName" : "YTD.personalization.part0", "count" : "1" } ] },
    "phoneNumber" : { "files" : [ { "fileName" : "data/phone-number.js", "globalName" : "YTD.phone_number.part0", "count" : "1" } ] },
    "profile" : { "mediaDirectory" : "data/profile_media", "files" : [ { "fileName" : "data/profile.js", "globalName" : "YTD.profile.part0", "count" : "1" } ] },
    "profileMedia" : { "mediaDirectory" : "data/profile_media" },
    "screenNameChange" : { "files" : [ { "fileName" : "data/screen-name-change.js", "globalName" : "YTD.screen_name_change.part0", "count" : "1" } ] },
    "tweetHeaders" : { "files" : [ { "fileName" : "data/tweet-headers.js", "globalName" : "YTD.tweet_headers.part0", "count" : "4" } ] },
    "tweets" : { "mediaDirectory" : "data/tweets_media", "files" : [ { "fileName" : "data/tweets.js", "globalName" : "YTD.tweets.part0", "count" : "3" }, { "fileName" : "data/tweets-part1.js", "globalName" : "YTD.tweets.part1", "count" : "3" } ] },
    "tweetsMedia" : { "mediaDirectory" : "data/tweets_media" }
  }
}
