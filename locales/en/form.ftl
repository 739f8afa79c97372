draft-found = You have an unfinished nomination. Carry on with it or start again?
draft-resume = ▶️ Carry on
draft-restart = 🔄 Start again (the draft will be deleted)
form-intro =
    Let's fill in the nomination step by step. You can leave at any moment and carry on later: everything you enter is kept. /cancel stops the form and deletes the draft.

form-ask-who = Whom are you nominating?
choice-who-self = Myself
choice-who-other = Another person
form-ask-nname = Your full name (surname, first name and, if you have one, patronymic):
form-ask-nphone = Your phone number. Press «Share my contact» below or type it, for example +7 701 234 56 78:
form-ask-rel = Who is the nominee to you?
choice-rel-relative = A relative
choice-rel-colleague = A colleague
choice-rel-friend = A friend or acquaintance
choice-rel-other = Other
form-ask-src = On whose behalf is the nomination made?
choice-src-citizen = A private citizen
choice-src-akimat = An akimat of a region or city
choice-src-wg = A member of the working group
choice-src-apk = The Assembly of People of Kazakhstan
choice-src-party = A political party
choice-src-ngo = An expert community or NGO
choice-src-b100 = The «Bureau 100» initiative group
form-ask-name = { $who ->
    [self] Your full name: surname, first name and, if you have one, patronymic.
   *[other] The nominee's full name: surname, first name and, if they have one, patronymic.
}
form-ask-dob = { $who ->
    [self] Your date of birth as DD.MM.YYYY, for example 05.03.1987:
   *[other] The nominee's date of birth as DD.MM.YYYY, for example 05.03.1987:
}
form-ask-gender = Gender:
choice-gender-m = Male
choice-gender-f = Female
form-ask-region = Region where { $who ->
    [self] you live
   *[other] the nominee lives
}:
form-ask-place = City, town or village:
form-ask-ethn = Ethnicity (optional). Type it, or press the button if you prefer not to say.
choice-ethn-skip = Prefer not to say
form-ask-occ = Occupation: position and place of work or study.
form-ask-sphere = The sphere of the contribution:
choice-sphere-politics = Socio-political and international life
choice-sphere-economy = Socio-economic life
choice-sphere-education = Education, science and technology
choice-sphere-health = Healthcare
choice-sphere-culture = Culture, literature, art and sport
choice-sphere-security = Military and law enforcement
choice-sphere-social = Social life and other
form-ask-ach =
    Achievement { $number } of at most { $limit }. Describe it in one or two sentences so that it can be checked: what was done, where, and what came of it.
form-ask-achyear = In what year was it achieved? Only contributions made in the years of Independence (since 1991) count.
form-ask-proof = Proof of this achievement: send a link, a document or a photo. If you have none, press «No proof».
choice-proof-skip = No proof
form-ask-more = { $count ->
    [one] One achievement added.
   *[other] { $count } achievements added.
} Add another (at most { $limit }) or go on?
choice-more-add = ➕ Add another
choice-more-done = ➡️ Go on
form-ask-story =
    The success story, in your own words: how the road went, what was hard, what was achieved. It should be vivid and true. From { $min } to { $max } characters.
form-ask-photo = A photo of { $who ->
    [self] yourself
   *[other] the nominee
} (optional). Send it as a photo, or press «Without a photo».
choice-photo-skip = Without a photo
form-ask-phone = { $who ->
    [self] Your contact phone. Press «Share my contact» below or type it, for example +7 701 234 56 78:
   *[other] The nominee's contact phone, for example +7 701 234 56 78:
}
form-share-contact = 📱 Share my contact
form-phone-saved = Phone saved: { $phone }
consent-text =
    In line with the Law of the Republic of Kazakhstan «On Personal Data and Their Protection», I consent to the project office of «100 New Faces of Kazakhstan» collecting, processing and storing the personal data given in this form, for the selection of candidates and the public vote. I confirm that the information is true. The consent may be withdrawn by writing to the project office.
form-ask-consent =
    Consent to the processing of personal data (version { $version }):

    { consent-text }

    Without the consent the nomination cannot be accepted.
choice-consent-agree = ✅ I agree
choice-consent-decline = ❌ I do not agree
form-consent-required = Without the consent to the processing of personal data we cannot accept the nomination. Your draft is kept: you can agree whenever you are ready, or /cancel.
summary-title = Please check the nomination:
summary-hint = If everything is right, press «Submit». Any field can be changed with its button.
summary-submit = ✅ Submit
summary-edit = ✏️ { $field }
form-duplicate = This person has already been nominated, so a second nomination cannot be accepted. Your draft is kept: check the name and the date of birth, or /cancel.
form-duplicate-early = This person has already been nominated, so a second nomination cannot be accepted. If you made a mistake in the name or the date of birth, enter them again; otherwise press /cancel.
submit-done-self =
    Thank you! Your nomination is accepted.
    Its reference number: { $reference }.
    We will tell you here about every stage of the selection.
submit-done-other =
    Thank you! The nomination is saved under the reference { $reference }.
    It goes on once the nominee agrees. Forward them this personal link: they will see the card and can give or refuse their consent.
    { $link }

field-who = Who is nominated
field-nname = Nominator
field-nphone = Nominator's phone
field-rel = Relation
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

form-error-too-long = That is too long: { $length } characters, at most { $limit } are allowed.
form-error-too-short = That is too short: { $length } characters, at least { $limit } are needed.
form-error-name-chars = A name can hold only letters, spaces, hyphens and apostrophes.
form-error-name-words = Please give the full name: at least a surname and a first name.
form-error-date-format = Please write the date as DD.MM.YYYY, for example 05.03.1987.
form-error-date-impossible = There is no such date in the calendar. Please check the day and the month.
form-error-date-future = This date has not come yet. Please check the year.
form-error-date-too-old = Please check the year of birth.
form-error-too-young = The nominee must be at least { $age } years old.
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
form-error-expect-proof = Please send a link, a document or a photo, or press «No proof».
form-error-expect-photo = Please send a photo, or press «Without a photo».
