# Identity: a person is who their Telegram-verified phone says (issue 19).

# The form, before its first question, when a limit of the account is reached.
identity-limit-self = Your self-nomination is already being considered, so you cannot nominate yourself again.
identity-limit-others = { $limit ->
    [one] You have already nominated { $limit } other person this year, the most one account can. You can nominate another person again next year.
   *[other] You have already nominated { $limit } other people this year, the most one account can. You can nominate another person again next year.
}
# A self-nominator typed a phone: only their own shared contact will do.
identity-error-own-contact = For a self-nomination we need the number Telegram confirms, so a typed number cannot be accepted. Please press “Share my contact” below. Your draft has been saved.
identity-share-own-contact = One more step before submitting: for a self-nomination, please share your own contact with the button below. A typed number cannot be accepted.

# The consent link, as anybody who opens it sees it.
identity-consent-card =
    { $name } has been nominated for the “100 New Faces of Kazakhstan” project (reference { $reference }).

    If you are this person, press “Share my contact” below. We will compare your number with the one given in the nomination, then show you the nomination and ask for your consent.
identity-consent-share = Please press “Share my contact” below, or send /start to return to the menu.
identity-consent-matched = Thank you, your number matches the one given in the nomination.
identity-consent-not-you = Your phone number is not the one given for the candidate, so this link is not for you. Nothing has been changed.

# The queues: two nominations claim the same person under different phones.
identity-conflict = Identity conflict: same full name and date of birth, different phone number — { $references }

# The secretariat voids a nomination.
status-void = voided by the secretariat
decide-void = ⛔ Void
identity-void-ask = Why is this nomination being voided? A voided nomination does not stop the person being nominated again. Its nominator will get a notification.
reason-impostor = Impersonation
identity-void-sure = Void nomination { $reference }? Reason: { $reason }.
identity-void-yes = Yes, void
identity-void-done = The nomination has been voided.
identity-notify-void = Your nomination { $reference } ({ $name }) has been voided by the secretariat. Reason: { $reason }.

# The nominator corrects the candidate's phone from /my.
identity-correct-button = 📱 Phone: { $reference }
identity-correct-ask = Nomination { $reference } ({ $name }): send the candidate’s correct phone number, for example +7 701 234 56 78. The current link will stop working and you will get a new one.
identity-phone-corrected = The candidate’s phone for nomination { $reference } has been corrected. The old link no longer works; forward this new one to the candidate: { $link }
identity-phone-same = This is the number the nomination already has. Please send the correct one, or send /cancel.
identity-phone-duplicate = This person has already been nominated with this phone number, so the number cannot be given here.
