reminder-digest =
    Campaign plan: reports your agency still owes
    { $lines }

    To report: /plan
escalation-digest =
    Campaign plan: overdue reports
    { $lines }
reminder-line-before = { $days ->
    [0] • Item { $number } «{ $title }» ({ $agency }): due today, { $due } (period { $period })
    [one] • Item { $number } «{ $title }» ({ $agency }): due tomorrow, { $due } (period { $period })
   *[other] • Item { $number } «{ $title }» ({ $agency }): due in { $days } days, { $due } (period { $period })
}
reminder-line-overdue = { $days ->
    [one] • Item { $number } «{ $title }» ({ $agency }): overdue by { $days } day, it was due { $due } (period { $period })
   *[other] • Item { $number } «{ $title }» ({ $agency }): overdue by { $days } days, it was due { $due } (period { $period })
}
reminder-line-escalation = { $days ->
    [one] • Item { $number }, { $agency }: no report, { $days } day after { $due } (period { $period })
   *[other] • Item { $number }, { $agency }: no report, { $days } days after { $due } (period { $period })
}
admin-invite-scope-official = Which agency will the official report for?
plan-title = Campaign plan: items of { $agency }
plan-item-next = { $mark } Item { $number } — next due { $due }
plan-item-done = ✅ Item { $number } — all reported
plan-item =
    Item { $number }. { $title }
    Form of completion: { $form }
    Deadline: { $deadline }
standing-done = accepted
standing-submitted = report under review
standing-returned = report returned
standing-pending = waiting for a report
standing-overdue = overdue
plan-report-for = 📝 Report for { $due }
plan-report-text = Write the report: what was done, with figures and links. From { $min } to { $max } characters.
plan-report-files = Now send files if you have any (documents or photos, at most { $max }), then press «Submit».
plan-report-submit = ✅ Submit the report
plan-report-too-many = At most { $max } files.
plan-report-file-added = File added ({ $count }).
plan-report-exists = A report for this date is already under review or accepted.
plan-report-sent = The report is sent to the coordinator.
plan-report-expect-files = Please send a document or a photo, or press «Submit the report».
report-arrived = A report has arrived: item { $number }, { $agency }, due { $due }. Review: /reports
review-title = Reports waiting for review: { $count }
review-stale = This report has already been reviewed.
review-accept = ✅ Accept
review-return = ↩️ Return with a comment
review-files = 📎 Files
review-report =
    Item { $number }. { $title }
    Agency: { $agency }
    Due: { $due } (period { $period })

    { $text }

    Files: { $files }
review-accepted = The report is accepted.
review-returned = The report is returned; the official is told.
review-comment = Write what needs to be corrected (3 to 1000 characters).
report-accepted = Your report for item { $number } (due { $due }) is accepted.
report-returned = Your report for item { $number } (due { $due }) is returned: { $comment }. Please submit it again: /plan
overview-title = Campaign plan on { $date }: by agency (done / pending / overdue)
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Overdue ({ $count }):
plan-export-caption = Due dates by agency: { $count }.
plan-export-item = Item
plan-export-title = Action
plan-export-agency = Agency
plan-export-due = Due
plan-export-period = Period
plan-export-status = Status
plan-export-reported = Reported
plan-export-comment = Coordinator's comment
