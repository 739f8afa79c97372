draft-found = You have an unfinished nomination. Do you want to continue or start again? If you start again, the draft will be deleted.
draft-resume = ▶️ Continue
draft-restart = 🔄 Start again
form-intro =
    You fill in the nomination one step at a time. You can stop at any time and continue later: everything you enter is saved. Send /cancel to cancel the form and delete the draft.
# Heads each question of the form: which question of how many on the person's path.
form-progress = Step { $step } of { $total }

form-ask-who = Who are you nominating?
choice-who-self = Myself
choice-who-other = Another person
form-ask-nname = First, about you: your full name (surname, first name and, if you have one, patronymic).
form-ask-nphone = Your phone number: press “Share my contact” below or type it, for example +7 701 234 56 78.
form-ask-rel = How do you know the candidate?
choice-rel-relative = Relative
choice-rel-colleague = Colleague
choice-rel-friend = Friend or acquaintance
choice-rel-other = Other
form-ask-src = Who is making this nomination?
choice-src-citizen = Private individual
choice-src-akimat = Regional or city akimat
choice-src-wg = Working group member
choice-src-apk = Assembly of People (APK)
choice-src-party = Political party
choice-src-ngo = Expert community or NGO
choice-src-b100 = “Bureau 100” initiative group
form-ask-name = { $who ->
    [self] Your full name: surname, first name and, if you have one, patronymic.
   *[other] The candidate’s full name: surname, first name and, if they have one, patronymic.
}
form-ask-dob = { $who ->
    [self] Your date of birth as DD.MM.YYYY, for example 05.03.1987.
   *[other] The candidate’s date of birth as DD.MM.YYYY, for example 05.03.1987.
}
form-ask-gender = { $who ->
    [self] Your gender:
   *[other] The candidate’s gender:
}
choice-gender-m = Man
choice-gender-f = Woman
form-ask-region = { $who ->
    [self] Which region do you live in?
   *[other] Which region does the candidate live in?
}
form-ask-place = Which city, town or village?
form-ask-ethn = { $who ->
    [self] Your ethnicity (optional). Type it, or press the button below if you prefer not to say.
   *[other] The candidate’s ethnicity (optional). Type it, or press the button below if you prefer not to say.
}
choice-ethn-skip = Prefer not to say
form-ask-occ = { $who ->
    [self] Your occupation: position and place of work or study.
   *[other] The candidate’s occupation: position and place of work or study.
}
form-ask-sphere = { $who ->
    [self] In which field have you made your contribution? The fields, as the project concept names them: public, political and international life; social and economic life; education, science and technology; healthcare; culture, literature, arts and sport; the military and law enforcement; social life and other fields.
   *[other] In which field has the candidate made their contribution? The fields, as the project concept names them: public, political and international life; social and economic life; education, science and technology; healthcare; culture, literature, arts and sport; the military and law enforcement; social life and other fields.
}
choice-sphere-politics = Public and political life
choice-sphere-economy = Social and economic life
choice-sphere-education = Education, science, technology
choice-sphere-health = Healthcare
choice-sphere-culture = Culture, literature and sport
choice-sphere-security = Military and law enforcement
choice-sphere-social = Social life and other fields
form-ask-ach =
    Achievement { $number }. Describe it in one or two sentences so that it can be checked: what was done, where and what came of it. You can add up to { $limit ->
    [one] { $limit } achievement
   *[other] { $limit } achievements
}.
form-ask-achyear = In what year was this achieved? Only contributions made since independence (1991) count.
form-ask-proof = Proof of this achievement: send a link, a document or a photo. If you have none, press “No proof”.
choice-proof-skip = No proof
form-ask-more = { $count ->
    [one] { $count } achievement added.
   *[other] { $count } achievements added.
} Do you want to add another or continue? You can add up to { $limit ->
    [one] { $limit } achievement
   *[other] { $limit } achievements
}.
choice-more-add = ➕ Add another
choice-more-done = ➡️ Continue
form-ask-story =
    Tell the success story in your own words: how it began, what was hard and what was achieved. It should be vivid and true. Use between { $min } and { $max ->
    [one] { $max } character
   *[other] { $max } characters
}.
form-ask-photo = { $who ->
    [self] Send a photo of yourself (optional), or press “No photo”.
   *[other] Send a photo of the candidate (optional), or press “No photo”.
}
choice-photo-skip = No photo
form-ask-phone = { $who ->
    [self] Your contact phone: press “Share my contact” below, and Telegram will send the number of your account. A typed number cannot be accepted for a nomination of yourself.
   *[other] The candidate’s contact phone, for example +7 701 234 56 78.
}
form-share-contact = 📱 Share my contact
form-phone-saved = Phone saved: { $phone }
consent-text =
    In line with the Law of the Republic of Kazakhstan “On Personal Data and Their Protection”, I consent to the secretariat of the “100 New Faces of Kazakhstan” project collecting, processing and storing the personal data given in this form, for the selection of candidates and the public vote. I confirm that the information is true. The consent may be withdrawn by writing to the secretariat.
form-ask-consent =
    Consent to the processing of personal data (version { $version }):

    { consent-text }

    We cannot accept the nomination without your consent.
choice-consent-agree = ✅ I agree
choice-consent-decline = ❌ I do not agree
# After a refusal, instead of the whole consent text again: the buttons come with it.
form-consent-required = We cannot accept the nomination without your consent to the processing of personal data. Your draft has been saved: press “I agree” when you are ready, or send /cancel to cancel the form.
summary-title = Please check the nomination:
summary-hint = If everything is correct, press “Submit”. To change a field, press its button.
summary-submit = ✅ Submit
summary-edit = ✏️ { $field }
form-duplicate = { $who ->
    [self] You have already been nominated, so we cannot accept a second nomination. Your draft has been saved: check your name and date of birth, or send /cancel.
   *[other] This person has already been nominated, so we cannot accept a second nomination. Your draft has been saved: check the candidate’s name and date of birth, or send /cancel.
}
form-duplicate-early = { $who ->
    [self] You have already been nominated, so we cannot accept a second nomination. If you made a mistake in your name or date of birth, enter them again; otherwise send /cancel.
   *[other] This person has already been nominated, so we cannot accept a second nomination. If you made a mistake in the candidate’s name or date of birth, enter them again; otherwise send /cancel.
}
submit-done-self =
    Thank you. We have received your nomination.
    Reference number: { $reference }.
    We will notify you here at each stage of the selection.
submit-done-other =
    Thank you. Your nomination has been saved. Reference number: { $reference }.
    We will consider it once the candidate gives their consent. Forward this personal link to the candidate: they can view the nomination and give or refuse consent.
    { $link }
submit-superseded = Your self-nomination replaces the nomination someone else made for you, which was waiting for your consent. We will let that nominator know.

field-who = Who is nominated
field-nname = Nominator
field-nphone = Nominator’s phone
field-rel = Relationship to candidate
field-src = Nominated by
field-name = Full name
field-dob = Date of birth
field-gender = Gender
field-region = Region
field-place = City, town or village
field-ethn = Ethnicity
field-occ = Occupation
field-sphere = Field
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

form-error-too-long = Your text is too long: { $length ->
    [one] { $length } character
   *[other] { $length } characters
}. The maximum is { $limit }.
form-error-too-short = Your text is too short: { $length ->
    [one] { $length } character
   *[other] { $length } characters
}. The minimum is { $limit }.
form-error-name-chars = A name can only contain letters, spaces, hyphens and apostrophes.
form-error-name-words = Please give the full name: at least a surname and a first name.
form-error-date-format = Please write the date as DD.MM.YYYY, for example 05.03.1987.
form-error-date-impossible = This is not a real date. Please check the day and the month.
form-error-date-future = This date is in the future. Please check the year.
form-error-date-too-old = Please check the year of birth.
form-error-too-young = { $who ->
    [self] You must be at least { $age ->
        [one] { $age } year
       *[other] { $age } years
    } old.
   *[other] The candidate must be at least { $age ->
        [one] { $age } year
       *[other] { $age } years
    } old.
}
form-error-needs-letters = Your answer must contain letters, not only digits.
form-error-year-format = Please write the year in four digits, for example 2015.
form-error-year-before-independence = The project counts contributions made since independence (1991). Please enter 1991 or later.
form-error-year-future = That year is in the future. Please check it.
form-error-link = This does not look like a link. A link must start with http:// or https://.
form-error-phone = This does not look like a phone number. Please write it with the country code, for example +7 701 234 56 78.
form-error-photo = Please send an image: a photo or an image file.
form-error-expect-text = Please answer with a text message.
form-error-expect-year = Please write the year in digits.
form-error-expect-choice = Please press one of the buttons.
form-error-expect-phone = Please send a phone number: press the button or type it.
form-error-expect-proof = Please send a link, a document or a photo, or press “No proof”.
form-error-expect-photo = Please send a photo, or press “No photo”.
