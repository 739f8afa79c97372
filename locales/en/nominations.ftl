my-empty = You have not nominated anyone yet.
my-title = { $count ->
    [one] Your nomination:
   *[other] Your nominations ({ $count }):
}
my-item =
    { $reference } — { $name }
    Stage: { $status }
    Submitted: { $date }
my-awaiting-link = Waiting for the candidate's consent. The consent link (valid until { $until }): { $link }

status-draft = draft
status-awaiting_nominee_consent = waiting for the candidate's consent
status-submitted = submitted
status-screening = being screened by the secretariat
status-verification = in regional verification
status-expert_review = with the expert group
status-working_group = with the working group
status-on_vote = in the public vote
status-selected = on the final list of the “100 New Faces of Kazakhstan”
status-not_selected = not on the final list
status-rejected = not accepted for further selection
status-withdrawn = withdrawn
status-lapsed = lapsed, as the candidate did not answer in time
status-superseded = replaced by the candidate's self-nomination

nominee-link-invalid = This link is not valid. Please check that it was copied in full.
nominee-link-own = This link is for the person you nominated: please forward it to them.
nominee-link-used = This nomination has already been answered.
nominee-link-expired = This link has expired: a candidate has { $days ->
    [one] one day
   *[other] { $days } days
} to answer. The nomination has lapsed. If you wish, you can nominate yourself.
nominee-intro =
    { $nominator } has nominated you for the “100 New Faces of Kazakhstan” project. This is what the nomination says:
nominee-question =
    Do you agree to take part in the project? By agreeing you consent, under the Law of the Republic of Kazakhstan “On Personal Data and Their Protection”, to the project's secretariat processing and storing the data above for the selection and the public vote (consent version { $version }). If you decline, the nomination is withdrawn.
nominee-agree = ✅ I agree to take part
nominee-decline = ❌ I decline
nominee-agreed = Thank you! The nomination { $reference } goes on to selection. We will tell the nominator.
nominee-declined = Understood: the nomination is withdrawn and will not be considered.
notify-nominee-agreed = { $name } has agreed to take part. The nomination { $reference } goes on to selection.
notify-nominee-declined = { $name } has declined to take part. The nomination { $reference } is withdrawn.

notify-consent-lapsed = { $name } did not answer the consent link within { $days ->
    [one] one day
   *[other] { $days } days
}, so the nomination { $reference } has lapsed. You may nominate this person again; a new link will be made.
notify-superseded = { $name } has nominated themselves, so your nomination { $reference }, which was waiting for their consent, is replaced by their self-nomination. Thank you for drawing attention to this person.
notify-desk-withdrawn = The nominator has withdrawn the nomination { $reference } ({ $name }). It is no longer in the { $command } queue.
notify-withdrawn-nominee = The nominator has withdrawn the nomination { $reference } of you. It will no longer be considered.

my-withdraw-button = Withdraw { $reference }
my-withdraw-sure = Withdraw the nomination { $reference } ({ $name })? It will no longer be considered, and this cannot be undone.
my-withdraw-yes = Yes, withdraw
my-withdrawn = Done: the nomination { $reference } is withdrawn and will no longer be considered.
my-keep = No, keep it
my-kept = Nothing has changed.
my-too-late = This is no longer possible: the nomination has moved on.
my-named-title = { $count ->
    [one] A nomination of you waiting for your consent:
   *[other] Nominations of you waiting for your consent ({ $count }):
}
my-named-item =
    { $reference } — { $name }
    Nominator: { $nominator }
    Submitted: { $date }
    The link is valid until { $until }
my-named-hint = To agree to take part, answer through the personal link the nominator sent you. To decline, press the button below.
my-decline-button = Decline { $reference }
my-decline-sure = Decline to take part under the nomination { $reference }? Nominator: { $nominator }. The nomination will be withdrawn, and we will tell the nominator.
my-decline-yes = Yes, decline

# Documents a regional verifier asks for, and sending them (/my)
docs-requested =
    The regional verifier asks for documents proving an achievement in the nomination { $reference } ({ $name }).
    Achievement { $number }: { $achievement }
    The verifier's comment: { $comment }
    To send documents or photos (up to { $limit } files), open /my and press “📎 Send documents” under the request.
docs-no-comment = none
docs-wanted-title = Documents the regional verifier asks you for:
docs-wanted-item =
    { $position }. { $reference } — { $name }
    Achievement { $number }: { $achievement }
    Comment: { $comment }
    Files sent so far: { $count }
docs-upload-button = 📎 Send documents ({ $position })
docs-upload-ask =
    Send documents or photos proving achievement { $number } of the nomination { $reference }: { $achievement }
    Up to { $limit } files; sent so far: { $count }. When you have sent everything, press “✅ Done”.
docs-done-button = ✅ Done
docs-received = File received ({ $count } of at most { $limit }). Send more, or press “✅ Done”.
docs-expect-file = Please send a document or a photo. When you have sent everything, press “✅ Done”.
docs-full = At most { $limit } files go with one request, and they have all been received. Press “✅ Done” to send them to the verifier.
docs-empty = Please send at least one document or photo first.
docs-sent = Thank you! The documents for the nomination { $reference } have gone to the regional verifier. Files: { $count }.
docs-moved = The nomination is no longer at regional verification, so documents cannot be added to it now. The files already sent are kept.
docs-closed = These documents have already gone to the verifier.
docs-not-yours = This request is about someone else's nomination.
