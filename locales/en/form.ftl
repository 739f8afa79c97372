draft-found = You have an unfinished nomination. Carry on with it or start again? Starting again deletes the draft.
draft-resume = ▶️ Carry on
draft-restart = 🔄 Start again
form-intro =
    The nomination is filled in step by step. You can leave at any moment and carry on later: everything you enter is kept. /cancel stops the form and deletes the draft.
# Heads each question of the form: which question of how many on the person's path.
form-progress = Step { $step } of { $total }

form-ask-who = Who are you nominating?
choice-who-self = Myself
choice-who-other = Another person
form-ask-nname = First, about you: your full name (surname, first name and, if you have one, patronymic).
form-ask-nphone = Your phone number: press “Share my contact” below or type it, for example +7 701 234 56 78.
form-ask-rel = How are you related to the candidate?
choice-rel-relative = A relative
choice-rel-colleague = A colleague
choice-rel-friend = A friend or acquaintance
choice-rel-other = Other
form-ask-src = On whose behalf is the nomination made?
choice-src-citizen = A private citizen
choice-src-akimat = An akimat of a region or city
choice-src-wg = A working group member
choice-src-apk = Assembly of People (APK)
choice-src-party = A political party
choice-src-ngo = An expert community or NGO
choice-src-b100 = “Bureau 100” initiative group
form-ask-name = { $who ->
    [self] Your full name: surname, first name and, if you have one, patronymic.
   *[other] The candidate's full name: surname, first name and, if they have one, patronymic.
}
form-ask-dob = { $who ->
    [self] Your date of birth as DD.MM.YYYY, for example 05.03.1987.
   *[other] The candidate's date of birth as DD.MM.YYYY, for example 05.03.1987.
}
form-ask-gender = { $who ->
    [self] Your gender:
   *[other] The candidate's gender:
}
choice-gender-m = Male
choice-gender-f = Female
form-ask-region = { $who ->
    [self] Which region do you live in?
   *[other] Which region does the candidate live in?
}
form-ask-place = Please name the settlement: a city, town or village.
form-ask-ethn = { $who ->
    [self] Your ethnicity (optional). Type it, or press the button below if you prefer not to say.
   *[other] The candidate's ethnicity (optional). Type it, or press the button below if you prefer not to say.
}
choice-ethn-skip = Prefer not to say
form-ask-occ = { $who ->
    [self] Your occupation: position and place of work or study.
   *[other] The candidate's occupation: position and place of work or study.
}
form-ask-sphere = { $who ->
    [self] In which sphere have you made your contribution?
   *[other] In which sphere has the candidate made their contribution?
}
choice-sphere-politics = Politics, international life
choice-sphere-economy = Socio-economic life
choice-sphere-education = Education, science, technology
choice-sphere-health = Healthcare
choice-sphere-culture = Culture, arts and sport
choice-sphere-security = Military and law enforcement
choice-sphere-social = Social life and other fields
form-ask-ach =
    Achievement { $number }. Describe it in one or two sentences so that it can be checked: what was done, where, and what came of it. You can add up to { $limit ->
    [one] { $limit } achievement
   *[other] { $limit } achievements
}.
form-ask-achyear = In what year was it achieved? Only contributions made in the years of Independence (since 1991) count.
form-ask-proof = Proof of this achievement: send a link, a document or a photo. If you have none, press “No proof”.
choice-proof-skip = No proof
form-ask-more = { $count ->
    [one] One achievement added.
   *[other] { $count } achievements added.
} Add another or go on? You can add up to { $limit ->
    [one] { $limit } achievement
   *[other] { $limit } achievements
}.
choice-more-add = ➕ Add another
choice-more-done = ➡️ Go on
form-ask-story =
    Tell the success story in your own words: how it began, what was hard, what was achieved. It should be vivid and true. From { $min } to { $max } characters.
form-ask-photo = { $who ->
    [self] Send a photo of yourself (optional), or press “Without a photo”.
   *[other] Send a photo of the candidate (optional), or press “Without a photo”.
}
choice-photo-skip = Without a photo
form-ask-phone = { $who ->
    [self] Your contact phone: press “Share my contact” below or type it, for example +7 701 234 56 78.
   *[other] The candidate's contact phone, for example +7 701 234 56 78.
}
form-share-contact = 📱 Share my contact
form-phone-saved = Phone saved: { $phone }
consent-text =
    In line with the Law of the Republic of Kazakhstan “On Personal Data and Their Protection”, I consent to the secretariat of the “100 New Faces of Kazakhstan” project collecting, processing and storing the personal data given in this form, for the selection of candidates and the public vote. I confirm that the information is true. The consent may be withdrawn by writing to the secretariat.
form-ask-consent =
    Consent to the processing of personal data (version { $version }):

    { consent-text }

    Without the consent the nomination cannot be accepted.
choice-consent-agree = ✅ I agree
choice-consent-decline = ❌ I do not agree
# After a refusal, instead of the whole consent text again: the buttons come with it.
form-consent-required = Without the consent to the processing of personal data the nomination cannot be accepted. Your draft is kept: press “I agree” when you are ready, or /cancel to stop the form.
summary-title = Please check the nomination:
summary-hint = If everything is right, press “Submit”. Any field can be changed with its button.
summary-submit = ✅ Submit
summary-edit = ✏️ { $field }
form-duplicate = { $who ->
    [self] You have already been nominated, so a second nomination cannot be accepted. Your draft is kept: check your name and date of birth, or /cancel.
   *[other] This person has already been nominated, so a second nomination cannot be accepted. Your draft is kept: check the candidate's name and date of birth, or /cancel.
}
form-duplicate-early = { $who ->
    [self] You have already been nominated, so a second nomination cannot be accepted. If you made a mistake in your name or date of birth, enter them again; otherwise press /cancel.
   *[other] This person has already been nominated, so a second nomination cannot be accepted. If you made a mistake in the candidate's name or date of birth, enter them again; otherwise press /cancel.
}
submit-done-self =
    Thank you! Your nomination is accepted.
    Its reference number: { $reference }.
    We will tell you here about every stage of the selection.
submit-done-other =
    Thank you! The nomination is saved under the reference { $reference }.
    It goes on once the candidate agrees. Forward them this personal link: they will see the card and can give or refuse their consent.
    { $link }
submit-superseded = Your self-nomination replaces a nomination of you by someone else that was waiting for your consent. We will tell its nominator.

field-who = Who is nominated
field-nname = Nominator
field-nphone = Nominator's phone
field-rel = Relation to the candidate
field-src = Nominated by
field-name = Full name
field-dob = Date of birth
field-gender = Gender
field-region = Region
field-place = Settlement
field-ethn = Ethnicity
field-occ = Occupation
field-sphere = Sphere
field-ach = Achievements
field-story = Success story
field-photo = Photo
field-phone = Contact phone
card-not-stated = not stated
card-proof-photo = photo attached
card-proof-document = document attached
card-no-proof = no proof
card-photo-yes = attached
card-photo-no = none

form-error-too-long = That is too long: { $length ->
    [one] { $length } character
   *[other] { $length } characters
}, at most { $limit } allowed.
form-error-too-short = That is too short: { $length ->
    [one] { $length } character
   *[other] { $length } characters
}, at least { $limit } needed.
form-error-name-chars = A name can hold only letters, spaces, hyphens and apostrophes.
form-error-name-words = Please give the full name: at least a surname and a first name.
form-error-date-format = Please write the date as DD.MM.YYYY, for example 05.03.1987.
form-error-date-impossible = There is no such date in the calendar. Please check the day and the month.
form-error-date-future = This date has not come yet. Please check the year.
form-error-date-too-old = Please check the year of birth.
form-error-too-young = { $who ->
    [self] You must be at least { $age } years old.
   *[other] The candidate must be at least { $age } years old.
}
form-error-needs-letters = Please write it in words.
form-error-year-format = Please write the year in four digits, for example 2015.
form-error-year-before-independence = The project counts contributions made in the years of Independence, since 1991. Please give a year from 1991 on.
form-error-year-future = This year has not come yet.
form-error-link = This does not look like a link. A link starts with http:// or https://.
form-error-phone = This does not look like a phone number. Please write it with the country code, for example +7 701 234 56 78.
form-error-photo = Please send an image: a photo, or a picture file.
form-error-expect-text = Please answer with a text message.
form-error-expect-year = Please write the year in digits.
form-error-expect-choice = Please choose one of the buttons.
form-error-expect-phone = Please send a phone number: press the button or type it.
form-error-expect-proof = Please send a link, a document or a photo, or press “No proof”.
form-error-expect-photo = Please send a photo, or press “Without a photo”.
