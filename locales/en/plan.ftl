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
