reminder-digest =
    План информационной кампании: отчёты, которые ещё не сданы
    { $lines }

    Кнопки под сообщением открывают отчёт по каждому сроку. Все пункты плана — /plan
reminder-late-note = ⚠️ Часть этих напоминаний запоздала: бот не работал в те дни. Количество дней до срока и дней просрочки указано по состоянию на сегодня.
reminder-line = • Пункт { $number } «{ $title }» ({ $agency }), срок { $due }: { $state ->
        [today] сдать сегодня
        [late] { $days ->
            [one] просрочено на { $days } день
            [few] просрочено на { $days } дня
           *[other] просрочено на { $days } дней
        }
       *[ahead] { $days ->
            [one] остался { $days } день
            [few] осталось { $days } дня
           *[other] осталось { $days } дней
        }
    }
reminder-period = отчётный период: { $period }
reminder-report-button = 📝 Пункт { $number } · { $due }
escalation-digest =
    План информационной кампании: просроченные отчёты
    По состоянию на { $date }
    Просроченных отчётов: { $dates }; ответственных исполнителей: { $agencies }.
    { $lines }
escalation-agency = • { $agency }: просрочено — { $count } (самый ранний срок: пункт { $number }, { $due })
escalation-unstaffed = Ответственные исполнители, у которых в боте нет ни одного сотрудника: { $count }. Чтобы создать ссылку-приглашение, нажмите кнопку с названием исполнителя:
escalation-invite-button = ➕ { $agency }
escalation-more = …и ещё { $count } — в полном списке.
escalation-full-list = 📊 Полный список (XLSX)
plan-overdue-at-load =
    Загружен план информационной кампании. Часть его сроков уже прошла: просроченных отчётов — { $dates }, ответственных исполнителей — { $agencies }. Напоминаний по этим срокам не будет.
    { $lines }

    Подробно: /overview
period-year = { $year } год
period-quarter = { $number ->
        [1] I
        [2] II
        [3] III
       *[4] IV
    } квартал { $year } г.
period-half = { $number ->
        [1] I
       *[2] II
    } полугодие { $year } г.
period-span = { $start } – { $end }
plan-title = { $agency }: пункты плана информационной кампании
plan-groups = ❗ просрочено: { $overdue } · ⏳ предстоит: { $soon } · ✅ принято: { $done }
plan-group-overdue = Просроченные пункты (сначала — с самым ранним сроком):
plan-group-soon = Предстоящие сроки (сначала — ближайшие):
plan-group-done = Пункты, по которым все отчёты приняты:
plan-group-empty = Здесь пунктов нет.
plan-page = Страница { $page } из { $pages }
plan-item-next = { $mark } Пункт { $number } · { $due }
plan-item-done = ✅ Пункт { $number }
admin-invite-scope-official = От имени какого ответственного исполнителя будет отчитываться сотрудник?
plan-item =
    Пункт { $number }. { $title }
    Форма завершения: { $form }
plan-item-deadline = { $original ->
        [yes] Срок исполнения по плану: «{ $deadline }»
       *[no] Срок исполнения по плану: «{ $deadline }»
    }
standing-done = отчёт принят
standing-submitted = отчёт на проверке
standing-returned = отчёт возвращён
standing-pending = отчёт ожидается
standing-overdue = отчёт просрочен
plan-report-for = 📝 Отчёт · срок { $due }
plan-report-text = Напишите отчёт: что сделано, с цифрами и ссылками. От { $min } до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}.
plan-report-files = Теперь пришлите файлы, если они есть (документы или фотографии, не более { $max ->
    [one] { $max } файла
   *[other] { $max } файлов
}), и нажмите «Отправить отчёт».
plan-report-submit = ✅ Отправить отчёт
plan-report-too-many = Можно приложить не более { $max ->
    [one] { $max } файла
   *[other] { $max } файлов
}.
plan-report-file-added = Файл добавлен. Всего файлов: { $count }.
plan-report-exists = Отчёт за этот срок уже на проверке или принят.
plan-report-sent = Отчёт отправлен координатору.
plan-report-expect-files = Пришлите документ или фотографию либо нажмите «Отправить отчёт».
report-arrived = Поступил отчёт по пункту { $number } ({ $agency }, срок — { $due }). Проверить: /reports
review-title = Отчёты на проверке: { $count }
review-stale = Этот отчёт уже рассмотрен.
review-accept = ✅ Принять
review-return = ↩️ Вернуть с замечанием
review-files = 📎 Файлы
review-report =
    Пункт { $number }. { $title }
    Ответственный исполнитель: { $agency }
    Срок: { $due }, отчётный период: { $period }

    { $text }

    Файлов: { $files }
review-accepted = Отчёт принят.
review-returned = Отчёт возвращён, ответственный сотрудник уведомлён.
review-comment = Напишите, что нужно исправить (от 3 до 1 000 символов).
report-accepted = Ваш отчёт по пункту { $number } (срок — { $due }) принят.
report-returned = Ваш отчёт по пункту { $number } (срок — { $due }) возвращён на доработку. Замечание координатора: «{ $comment }». Доработайте отчёт и отправьте его повторно: /plan
overview-title =
    Ход исполнения плана информационной кампании
    По состоянию на { $date }
    По ответственным исполнителям: принято / ожидается / просрочено
overview-controller = Контроль за исполнением: { $controller }
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Просрочено ({ $count }):
plan-export-caption = Сроков по ответственным исполнителям: { $count }.
plan-export-item = Пункт
plan-export-title = Мероприятие
plan-export-agency = Ответственный исполнитель
plan-export-due = Срок
plan-export-period = Период
plan-export-status = Состояние
plan-export-reported = Отчёт подан
plan-export-comment = Замечание координатора
