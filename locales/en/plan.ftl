reminder-digest =
    Campaign plan: reports not yet submitted
    { $lines }

    Use the buttons below to open the report for each due date. All your items: /plan
reminder-late-note = ⚠️ Some of these reminders are late: the bot was not running on the days they were due. The days left or overdue are counted as of today.
reminder-line = • Item { $number } “{ $title }” ({ $agency }), { $state ->
        [today] due today ({ $due })
        [late] due { $due }: { $days ->
            [one] { $days } day overdue
           *[other] { $days } days overdue
        }
       *[ahead] due { $due }: { $days ->
            [one] { $days } day left
           *[other] { $days } days left
        }
    }
reminder-period = reporting period: { $period }
reminder-report-button = 📝 Item { $number } · { $due }
escalation-digest =
    Campaign plan: overdue reports
    As of { $date }
    Overdue reports: { $dates }; responsible bodies: { $agencies }.
    { $lines }
escalation-agency = • { $agency }: { $count } overdue (earliest: item { $number }, due { $due })
escalation-unstaffed = Responsible bodies with no official in the bot: { $count }. Press a body’s button to create an invitation link:
escalation-invite-button = ➕ { $agency }
escalation-more = …and { $count } more in the full list.
escalation-full-list = 📊 Full list (XLSX)
plan-overdue-at-load =
    The campaign plan has been loaded. Some of its due dates have already passed: { $dates ->
        [one] { $dates } overdue report
       *[other] { $dates } overdue reports
    } from { $agencies ->
        [one] { $agencies } responsible body
       *[other] { $agencies } responsible bodies
    }. No reminders will be sent for these due dates.
    { $lines }

    Details: /overview
period-year = { $year }
period-quarter = Q{ $number } { $year }
period-half = H{ $number } { $year }
period-span = { $start } – { $end }
plan-title = { $agency }: campaign plan items
plan-groups = ❗ overdue: { $overdue } · ⏳ coming up: { $soon } · ✅ accepted: { $done }
plan-group-overdue = Overdue items, earliest due date first:
plan-group-soon = Coming up, nearest due date first:
plan-group-done = Items whose reports are all accepted:
plan-group-empty = No items here.
plan-page = Page { $page } of { $pages }
plan-item-next = { $mark } Item { $number } · { $due }
plan-item-done = ✅ Item { $number }
admin-invite-scope-official = Which responsible body will the official report for?
plan-item =
    Item { $number }. { $title }
    Output: { $form }
plan-item-deadline = { $original ->
        [yes] Due date in the plan (Russian original): “{ $deadline }”
       *[no] Due date in the plan: “{ $deadline }”
    }
standing-done = report accepted
standing-submitted = report under review
standing-returned = report returned
standing-pending = waiting for a report
standing-overdue = report overdue
plan-report-for = 📝 Report due { $due }
plan-report-text = Write the report: what was done, with figures and links. Use between { $min } and { $max ->
    [one] { $max } character
   *[other] { $max } characters
}.
plan-report-files = Now send any files (documents or photos, up to { $max ->
    [one] { $max } file
   *[other] { $max } files
}), then press “Submit report”.
plan-report-submit = ✅ Submit report
plan-report-too-many = You can attach at most { $max ->
    [one] { $max } file
   *[other] { $max } files
}.
plan-report-file-added = File added. Files attached: { $count }.
plan-report-exists = A report for this due date is already under review or has been accepted.
plan-report-sent = The report has been sent to the coordinator.
plan-report-expect-files = Please send a document or a photo, or press “Submit report”.
report-arrived = A report has arrived for item { $number } ({ $agency }, due { $due }). To review it: /reports
review-title = Reports waiting for review: { $count }
review-stale = This report has already been reviewed.
review-accept = ✅ Accept
review-return = ↩️ Return with comment
review-files = 📎 Files
review-report =
    Item { $number }. { $title }
    Responsible body: { $agency }
    Due: { $due }, reporting period: { $period }

    { $text }

    Files: { $files }
review-accepted = The report has been accepted.
review-returned = The report has been returned; the official has been notified.
review-comment = Write what needs to be corrected (3 to 1,000 characters).
report-accepted = Your report for item { $number } (due { $due }) has been accepted.
report-returned = Your report for item { $number } (due { $due }) has been returned for revision. The coordinator’s comment: “{ $comment }”. Please correct it and submit it again: /plan
overview-title =
    Campaign plan progress
    As of { $date }
    By responsible body: accepted / pending / overdue
overview-controller = Monitored by: { $controller }
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Overdue ({ $count }):
plan-export-caption = Due dates by responsible body: { $count }.
plan-export-item = Item
plan-export-title = Action
plan-export-agency = Responsible body
plan-export-due = Due
plan-export-period = Period
plan-export-status = Status
plan-export-reported = Reported
plan-export-comment = Coordinator’s comment
