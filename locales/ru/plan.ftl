reminder-digest =
    План кампании: отчёты, которые ещё ждут от вашего ведомства
    { $lines }

    Отчитаться: /plan
escalation-digest =
    План кампании: просроченные отчёты
    { $lines }
reminder-line-before = { $days ->
    [0] • Пункт { $number } «{ $title }» ({ $agency }): срок сегодня, { $due } (период { $period })
    [one] • Пункт { $number } «{ $title }» ({ $agency }): срок через { $days } день, { $due } (период { $period })
    [few] • Пункт { $number } «{ $title }» ({ $agency }): срок через { $days } дня, { $due } (период { $period })
   *[other] • Пункт { $number } «{ $title }» ({ $agency }): срок через { $days } дней, { $due } (период { $period })
}
reminder-line-overdue = { $days ->
    [one] • Пункт { $number } «{ $title }» ({ $agency }): просрочен на { $days } день, срок был { $due } (период { $period })
    [few] • Пункт { $number } «{ $title }» ({ $agency }): просрочен на { $days } дня, срок был { $due } (период { $period })
   *[other] • Пункт { $number } «{ $title }» ({ $agency }): просрочен на { $days } дней, срок был { $due } (период { $period })
}
reminder-line-escalation = { $days ->
    [one] • Пункт { $number }, { $agency }: нет отчёта { $days } день после срока { $due } (период { $period })
    [few] • Пункт { $number }, { $agency }: нет отчёта { $days } дня после срока { $due } (период { $period })
   *[other] • Пункт { $number }, { $agency }: нет отчёта { $days } дней после срока { $due } (период { $period })
}
