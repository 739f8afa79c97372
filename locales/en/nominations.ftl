my-empty = You have not nominated anyone yet.
my-title = { $count ->
    [one] Your nomination:
   *[other] Your nominations ({ $count }):
}
my-item =
    { $reference } — { $name }
    Stage: { $status }
    Submitted: { $date }
my-awaiting-link = Waiting for the candidate's consent. The consent link: { $link }

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

nominee-link-invalid = This link is not valid. Please check that it was copied in full.
nominee-link-own = This link is for the person you nominated: please forward it to them.
nominee-link-used = This nomination has already been answered.
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
