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
admin-invite-scope-official = За какое ведомство будет отчитываться сотрудник?
plan-title = План кампании: пункты ведомства «{ $agency }»
plan-item-next = { $mark } Пункт { $number } — ближайший срок { $due }
plan-item-done = ✅ Пункт { $number } — всё сдано
plan-item =
    Пункт { $number }. { $title }
    Форма завершения: { $form }
    Срок исполнения: { $deadline }
standing-done = принят
standing-submitted = отчёт на проверке
standing-returned = отчёт возвращён
standing-pending = ждёт отчёта
standing-overdue = просрочен
plan-report-for = 📝 Отчёт за { $due }
plan-report-text = Напишите отчёт: что сделано, с цифрами и ссылками. От { $min } до { $max } символов.
plan-report-files = Теперь пришлите файлы, если они есть (документы или фото, не больше { $max }), и нажмите «Отправить отчёт».
plan-report-submit = ✅ Отправить отчёт
plan-report-too-many = Не больше { $max } файлов.
plan-report-file-added = Файл добавлен ({ $count }).
plan-report-exists = Отчёт за этот срок уже на проверке или принят.
plan-report-sent = Отчёт отправлен координатору.
plan-report-expect-files = Пришлите документ или фото либо нажмите «Отправить отчёт».
report-arrived = Поступил отчёт: пункт { $number }, { $agency }, срок { $due }. Проверить: /reports
review-title = Отчёты на проверке: { $count }
review-stale = Этот отчёт уже рассмотрен.
review-accept = ✅ Принять
review-return = ↩️ Вернуть с замечанием
review-files = 📎 Файлы
review-report =
    Пункт { $number }. { $title }
    Ведомство: { $agency }
    Срок: { $due } (период { $period })

    { $text }

    Файлов: { $files }
review-accepted = Отчёт принят.
review-returned = Отчёт возвращён, сотрудник уведомлён.
review-comment = Напишите, что нужно исправить (от 3 до 1000 символов).
report-accepted = Ваш отчёт по пункту { $number } (срок { $due }) принят.
report-returned = Ваш отчёт по пункту { $number } (срок { $due }) возвращён: { $comment }. Отправьте его заново: /plan
overview-title = План кампании на { $date }: по ведомствам (сдано / в работе / просрочено)
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Просрочено ({ $count }):
plan-export-caption = Сроков по ведомствам: { $count }.
plan-export-item = Пункт
plan-export-title = Мероприятие
plan-export-agency = Ведомство
plan-export-due = Срок
plan-export-period = Период
plan-export-status = Состояние
plan-export-reported = Отчёт подан
plan-export-comment = Замечание координатора
