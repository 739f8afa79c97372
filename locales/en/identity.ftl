# Identity: a person is who their Telegram-verified phone says (issue 19).

# The form, before its first question, when a limit of the account is reached.
identity-limit-self = You already have a nomination of yourself in progress, so the form cannot take another one of yourself.
identity-limit-others = { $limit ->
    [one] This year you have already nominated { $limit } other person, the most one account may. The form cannot take another nomination of another person until next year.
   *[other] This year you have already nominated { $limit } other people, the most one account may. The form cannot take another nomination of another person until next year.
}
# A self-nominator typed a phone: only their own shared contact will do.
identity-error-own-contact = For a nomination of yourself we need the number Telegram confirms, so a typed number cannot be accepted. Please press “Share my contact” below. Your draft has been saved.
identity-share-own-contact = One more step before submitting: for a nomination of yourself, please share your own contact with the button below. A typed number cannot be accepted.

# The consent link, as anybody who opens it sees it.
identity-consent-card =
    { $name } has been nominated for the “100 New Faces of Kazakhstan” project (reference { $reference }).

    If you are this person, press “Share my contact” below. We will compare your number with the one given in the nomination, then show you the nomination and ask for your consent.
identity-consent-share = Please press “Share my contact” below, or send /start to return to the menu.
identity-consent-matched = Thank you, your number matches the one given in the nomination.
identity-consent-not-you = Your phone number is not the one given for the candidate, so this link is not for you. Nothing has been changed.

# The queues: two nominations claim the same person under different phones.
identity-conflict = Identity conflict: the same name and date of birth with another phone in { $references }

# The secretariat voids a nomination.
status-void = voided by the secretariat
decide-void = ⛔ Void
identity-void-ask = Why is this nomination void? A void nomination blocks nobody, and its nominator will get a notification.
reason-impostor = Impostor
identity-void-sure = Void nomination { $reference } ({ $reason })?
identity-void-yes = Yes, void
identity-void-done = Nomination voided.
identity-notify-void = Your nomination { $reference } ({ $name }) has been voided by the secretariat. Reason: { $reason }.

# The nominator corrects the candidate's phone from /my.
identity-correct-button = 📱 Phone: { $reference }
identity-correct-ask = Nomination { $reference } ({ $name }): send the candidate’s correct phone number, for example +7 701 234 56 78. The current link will stop working and you will get a new one.
identity-phone-corrected = The candidate’s phone for nomination { $reference } has been corrected. The old link no longer works; forward this new one to the candidate: { $link }
identity-phone-same = This is the number the nomination already has. Please send the correct one, or /cancel.
identity-phone-duplicate = This person has already been nominated with this phone number, so it cannot be given here.
