my-empty = You have not nominated anyone yet.
my-title = { $count ->
    [one] Your nomination:
   *[other] Your nominations ({ $count }):
}
my-item =
    { $reference } — { $name }
    Status: { $status }
    Submitted: { $date }
my-awaiting-link = Waiting for the candidate’s consent. The consent link (valid until { $until }): { $link }

status-draft = draft
status-awaiting_nominee_consent = waiting for the candidate’s consent
status-submitted = submitted
status-screening = being screened by the secretariat
status-verification = in regional verification
status-expert_review = with the expert group
status-working_group = with the working group
status-on_vote = in the public vote
status-selected = on the final list of the “100 New Faces of Kazakhstan” project
status-not_selected = not on the final list
status-rejected = not accepted for further selection
status-withdrawn = withdrawn
status-lapsed = lapsed, as the candidate did not answer in time
status-superseded = replaced by the candidate’s self-nomination

nominee-link-invalid = This link is not valid. Please check that it was copied in full.
nominee-link-own = This link is for the person you nominated: please forward it to them.
nominee-link-used = A response to this nomination has already been received.
nominee-link-expired = This link has expired: a candidate has { $days ->
    [one] { $days } day
   *[other] { $days } days
} to answer. The nomination has lapsed. If you wish, you can nominate yourself.
nominee-intro =
    { $nominator } has nominated you for the “100 New Faces of Kazakhstan” project. This is what the nomination says:
nominee-question =
    Do you agree to take part in the project? By agreeing you consent, under the Law of the Republic of Kazakhstan “On Personal Data and Their Protection”, to the project’s secretariat processing and storing the data above for the selection and the public vote (consent version { $version }). If you decline, the nomination will be withdrawn.
nominee-agree = ✅ I agree to take part
nominee-decline = ❌ I decline
nominee-agreed = Thank you. Nomination { $reference } has been passed on for selection. We will let the nominator know.
nominee-declined = Your decision has been recorded: the nomination has been withdrawn and will not be considered.
notify-nominee-agreed = { $name } has agreed to take part. Nomination { $reference } has been passed on for selection.
notify-nominee-declined = { $name } has declined to take part. Nomination { $reference } has been withdrawn.

notify-consent-lapsed = { $name } did not answer the consent link within { $days ->
    [one] { $days } day
   *[other] { $days } days
}, so nomination { $reference } has lapsed. You can nominate this person again; a new link will be created.
notify-superseded = { $name } has nominated themselves, so your nomination { $reference }, which was waiting for their consent, has been replaced by their self-nomination. Thank you for drawing attention to this person.
notify-desk-withdrawn = The nominator has withdrawn nomination { $reference } ({ $name }). It has been removed from your queue ({ $command }).
notify-withdrawn-nominee = The nominator has withdrawn nomination { $reference }, which named you. It will no longer be considered.

my-withdraw-button = Withdraw { $reference }
my-withdraw-sure = Withdraw nomination { $reference } ({ $name })? It will no longer be considered. This cannot be undone.
my-withdraw-yes = Yes, withdraw
my-withdrawn = Nomination { $reference } has been withdrawn and will no longer be considered.
my-keep = No, keep it
my-kept = Your nomination has not been changed.
my-too-late = This is no longer possible: the nomination has moved to another stage.
my-named-title = { $count ->
    [one] Nomination naming you that is waiting for your consent:
   *[other] Nominations naming you that are waiting for your consent ({ $count }):
}
my-named-item =
    { $reference } — { $name }
    Nominator: { $nominator }
    Submitted: { $date }
    The link is valid until { $until }
my-named-hint = To agree to take part, open the personal link the nominator sent you. To decline, press the button below.
my-decline-button = Decline { $reference }
my-decline-sure = Decline nomination { $reference }? Nominator: { $nominator }. If you decline, the nomination will be withdrawn and we will let the nominator know.
my-decline-yes = Yes, decline

# Documents a regional verifier asks for, and sending them (/my)
docs-requested =
    The regional verifier has asked for documents proving an achievement in nomination { $reference } ({ $name }).
    Achievement { $number }: { $achievement }
    The verifier’s comment: { $comment }
    To send documents or photos (up to { $limit ->
        [one] { $limit } file
       *[other] { $limit } files
    }), open /my and press “📎 Send documents” under the request.
docs-no-comment = none
docs-wanted-title = Documents requested by the regional verifier:
docs-wanted-item =
    { $position }. { $reference } — { $name }
    Achievement { $number }: { $achievement }
    Comment: { $comment }
    Files sent so far: { $count }
docs-upload-button = 📎 Send documents ({ $position })
docs-upload-ask =
    Send documents or photos proving achievement { $number } of nomination { $reference }: { $achievement }
    Up to { $limit ->
        [one] { $limit } file
       *[other] { $limit } files
    }; sent so far: { $count }. When you have sent everything, press “✅ Done”.
docs-done-button = ✅ Done
docs-received = File received ({ $count } of { $limit } allowed). Send more, or press “✅ Done”.
docs-expect-file = Please send a document or a photo. When you have sent everything, press “✅ Done”.
docs-full = You can attach up to { $limit ->
    [one] { $limit } file
   *[other] { $limit } files
} to one request, and all of them have been received. Press “✅ Done” to send them to the verifier.
docs-empty = Please send at least one document or photo first.
docs-sent = Thank you. The documents for nomination { $reference } have been sent to the regional verifier. Files: { $count }.
docs-moved = The nomination is no longer in regional verification, so documents cannot be added to it now. The files already sent have been kept.
docs-closed = These documents have already been sent to the verifier.
docs-not-yours = This request is about someone else’s nomination.
