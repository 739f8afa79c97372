command-privacy = My personal data
privacy-title = Your personal data in the bot
privacy-held-nominations = { $count ->
    [one] One nomination you made or that names you as the candidate, with the full name, date of birth, phone numbers, achievements, success story and photo given in it.
   *[other] { $count } nominations you made or that name you as the candidate, with the full names, dates of birth, phone numbers, achievements, success stories and photos given in them.
}
privacy-held-voter = Your phone number, which you shared to vote.
privacy-held-draft = The form you have started to fill in.
privacy-held-account = Your name in Telegram and the language you chose.
privacy-held-withdrawable = If you withdraw your consent, these nominations will be withdrawn and their personal data erased: { $references }.
privacy-staying = Nominations { $references } are already on the public vote or have been through it. They are kept so that the results of the public vote, held in the open, remain valid. If you have questions about them, please contact the project secretariat.
privacy-retention = The personal data of a nomination that has been withdrawn or has dropped out of the selection is erased { $days ->
    [one] { $days } day
   *[other] { $days } days
} after that; of a rejected nomination, that long after the end of its campaign year. A form left unfinished is erased { $draft_days ->
    [one] { $draft_days } day
   *[other] { $draft_days } days
} after your last answer in it.
privacy-withdraw-button = Withdraw my consent
privacy-sure = Withdraw your consent to the processing of your personal data? Your nominations that are not yet on the public vote will be withdrawn and their data erased at once, and the phone number you shared to vote will be erased too. Your votes will stay, as they do not identify you. This cannot be undone.
privacy-sure-yes = Yes, withdraw consent
privacy-keep = No, keep it
privacy-kept = Nothing has been changed.
privacy-done = Your consent has been withdrawn.
privacy-done-withdrawn = Nominations withdrawn: { $references }.
privacy-done-erased = { $count ->
    [one] The personal data of one nomination has been erased.
   *[other] The personal data of { $count } nominations has been erased.
}
privacy-done-voter = The phone number you shared to vote has been erased.
privacy-done-nothing = The bot held no nominations of yours and no phone number.
privacy-nominator-told = Nomination { $reference } has been withdrawn: the candidate has withdrawn their consent to the processing of their personal data. It will no longer be considered, and its personal data has been erased.
