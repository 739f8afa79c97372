no-access = У вас нет доступа к этому действию.
role-admin = Администратор
role-secretariat = Секретариат
role-verifier = Региональный проверяющий
role-expert = Эксперт
role-wg = Рабочая группа
role-official = Ответственный сотрудник
role-coordinator = Координатор
role-admin-can = приглашает на роли, отзывает роли, выгружает данные — /admin
role-secretariat-can = рассматривает новые заявки, направляет их на региональную проверку или отклоняет, выгружает список — /queue
role-verifier-can = проверяет сведения о кандидатах своих регионов — /verify
role-expert-can = оценивает кандидатов и пишет экспертные заключения — /review
role-wg-can = решает, кто из кандидатов выносится на общественное голосование, проводит туры голосования и утверждает итоговый список — /decide, /round
role-official-can = отчитывается по пунктам плана информационной кампании, закреплённым за его организацией как ответственным исполнителем, — /plan
role-coordinator-can = контролирует исполнение плана информационной кампании, принимает или возвращает отчёты — /reports, /overview
roles-none = У вас нет служебной роли. Вы можете выдвигать кандидатов и следить за своими заявками.
roles-title = Ваши роли:
invitation-accepted = Приглашение принято. Теперь у вас роль:
invitation-unknown = Эта ссылка-приглашение недействительна.
invitation-used = Эта ссылка-приглашение уже использована.
invitation-expired = Срок действия ссылки-приглашения истёк. Попросите у администратора новую.
invitation-held = Эта роль у вас уже есть.
admin-title = Администрирование
admin-invite = ➕ Пригласить на роль
admin-people = 👥 Пользователи по ролям
admin-invite-which = На какую роль вы приглашаете сотрудника?
admin-people-which = Выберите роль, чтобы увидеть список пользователей:
admin-invite-scope-verifier = Какой регион будет проверять этот сотрудник?
admin-invite-link =
    Одноразовое приглашение на роль «{ $role }». Отправьте его сотруднику, которого приглашаете. Ссылка действует до { $expires } ({ $tz }).
    { $link }
admin-people-none = Роли «{ $role }» нет ни у кого.
admin-people-title = Роль «{ $role }»:
admin-revoke = ✖️ { $number }
admin-revoke-ask = Отозвать роль «{ $role }»? Пользователь: { $name } (id { $id }). Пользователь получит уведомление.
admin-revoke-confirm = ✖️ Да, отозвать роль
admin-revoke-keep = Оставить
admin-revoked = Роль отозвана.
role-revoked = Администратор отозвал вашу роль «{ $role }» в боте.
status-changed = Новый статус заявки { $reference } ({ $name }): { $status }.
queue-arrived = В вашу очередь поступила заявка: { $reference } — { $name }. Открыть: { $command }
desk-secretariat = Новые заявки
desk-verifier = Региональная проверка
desk-expert = Экспертные заключения
desk-wg = Решение рабочей группы
desk-empty = «{ $desk }»: очередь пуста.
desk-title = «{ $desk }»: заявок в очереди — { $count }. Страница { $page } из { $pages }.
desk-export = ⬇️ Выгрузить { $format }
case-title = { $reference } · { $status }
case-facts = Проверка сведений:
verdict-ok = подтверждено
verdict-no = не подтверждено
verdict-docs = нужны документы
verdict-none = ещё не проверено
case-conclusions = Заключения экспертов ({ $count }):
case-conclusion =
    { $number }. { $scores }
    Рекомендация: { $recommend }
    { $motivation }
case-averages = Средние оценки: { $scores }. За включение: { $recommended } из { $count }.
criterion-contribution = Вклад
criterion-story = История
criterion-independence = Годы Независимости
criterion-not_famous = Малая известность
criterion-contribution-long = вклад в развитие страны
criterion-story-long = яркость и уникальность истории успеха
criterion-independence-long = относится ли вклад к годам Независимости
criterion-not_famous-long = малоизвестность кандидата
recommend-yes = ✅ Рекомендую к включению
recommend-no = ❌ Не рекомендую
decide-verify = 🔎 Направить на проверку
decide-reject = ✖️ Отклонить
decide-to_vote = 🗳 Вынести на голосование
decide-wg_reject = ✖️ Отклонить
decide-confirm = Да, отклонить
decide-cancel = Нет, вернуться
decide-done = Готово
case-files = 📎 Файлы
case-back = ⬅️ К очереди
case-proof-of = Подтверждение достижения { $number }
case-no-files = В этой заявке нет файлов.
case-moved = Эта заявка уже перешла на другой этап или не относится к вам.
verify-complete = ✔️ Завершить проверку
verify-no-comment = Без комментария
verify-comment = Достижение { $number }: { $verdict }. Напишите комментарий или нажмите «Без комментария».
verify-incomplete = Чтобы завершить проверку, по каждому достижению нужен итог: «подтверждено» или «не подтверждено».
verify-done-confirmed = Проверка завершена: все сведения подтверждены, заявка передана экспертной группе.
verify-done-failed = Проверка завершена: часть сведений не подтвердилась, заявка возвращена в секретариат.
expert-start = 📝 Написать заключение
expert-already = Вы уже написали заключение по этой заявке.
expert-score = Оценка от 1 до 5: { $criterion }.
expert-motivation = Напишите экспертное заключение с обоснованием, от { $min } до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}.
expert-saved = Заключение сохранено. Заключений по этой заявке: { $count } из { $required }.
staff-expect-text = Ответьте текстом или отправьте /cancel.
export-caption = Заявок: { $count }.
export-reference = Номер
export-status = Статус
export-submitted = Подана
export-full_name = ФИО
export-birth_date = Дата рождения
export-gender = Пол
export-region = Регион
export-settlement = Населённый пункт
export-ethnicity = Национальность
export-occupation = Род занятий
export-sphere = Сфера
export-source = Кто выдвигает
export-self = Самовыдвижение
export-nominator = Заявитель
export-nominator_phone = Телефон заявителя
export-relation = Связь с кандидатом
export-contact_phone = Контактный телефон
export-achievements = Достижения
export-story = История успеха
export-consent = Согласие (редакция, время)
export-yes = да
export-no = нет
digest =
    Ежедневная сводка: заявки, ожидающие рассмотрения
    { $lines }
digest-line = «{ $desk }»: { $count } — { $command } (самая ранняя заявка подана { $oldest })

# Staff notifications: a message per case reaching one's desks, only for who asked (/notify)
case-notices-on = Уведомления о новых заявках включены: мы сразу сообщим о каждой заявке, поступившей в вашу очередь. Ежедневная сводка также будет приходить.
case-notices-off = Уведомления о новых заявках выключены: о том, что ждёт в вашей очереди, вы узнаёте из ежедневной сводки. Чтобы узнавать о каждой заявке сразу, включите уведомления.
case-notices-turn-on = 🔔 Включить уведомления
case-notices-turn-off = 🔕 Выключить уведомления

## Списки столов в масштабе страны: поиск, фильтры, работа с заявкой, конфликт интересов, массовое отклонение
desk-held-by = с ней работает { $name }
desk-next = ▶️ Следующая заявка
desk-search = 🔎 Поиск
desk-filters = ⚙️ Фильтры
desk-clear = ✖️ Сбросить поиск и фильтры
desk-select = ☑️ Выбрать заявки
desk-select-done = ✖️ Закончить выбор
bulk-reject-selected = 🗑 Отклонить выбранные
bulk-reject-all = 🗑 Отклонить все в списке
desk-none-match = «{ $desk }»: по поиску и фильтрам ничего не найдено.
desk-by-status = По статусам: { $counts }
desk-by-region = По регионам: { $counts }
desk-select-hint = Нажимайте на заявки, чтобы выбрать их (выбрано: { $count }), затем отклоните их как дубликаты или спам.
desk-ask-search = Введите номер заявки (000123 или 100-2026-000123), телефон или ФИО — в любом порядке слов.
desk-ask-page = Введите номер страницы.
desk-next-none = В списке не осталось заявок, с которыми не работают другие сотрудники.
desk-filters-title = Сузьте список. Фильтры сочетаются друг с другом и с поиском и сохраняются, когда вы листаете страницы.
filter-status = Статус
filter-region = Регион
filter-sphere = Сфера
filter-source = Кто выдвигает
filter-period = Дата подачи
filter-search = Поиск
filter-any = Все
desk-pick = { $filter }: выберите значение.
desk-ask-period = Введите даты, между которыми поданы заявки, например 01.11.2026 – 30.11.2026, или одну дату — тогда будут показаны заявки, поданные начиная с этого дня.
case-yours = С этой заявкой работаете вы. Она остаётся за вами ещё { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[other] { $minutes } минут
}, если вы раньше не примете решение и не освободите её.
case-held = С этой заявкой работает { $name } (ещё не более { $minutes ->
    [one] { $minutes } минуты
   *[other] { $minutes } минут
}). Вы можете её просматривать; чтобы принимать решения, возьмите её в работу.
case-take-over = ✋ Взять заявку в работу
case-release = ↩️ Освободить заявку
case-recuse = ⚖️ Конфликт интересов
case-released = Заявка освобождена: её могут взять в работу другие сотрудники.
case-recuse-confirm = ⚖️ Да, конфликт интересов
case-recuse-ask = У вас есть конфликт интересов в связи с этой заявкой (родство, совместная работа, личная заинтересованность)? После подтверждения заявка будет окончательно исключена из ваших очередей, а запись об этом появится в журнале аудита.
case-recused = Конфликт интересов зафиксирован: заявка { $reference } исключена из ваших очередей.
reason-duplicate = Дубликат
reason-spam = Спам
bulk-reason-ask = По какой причине отклонить заявки?
bulk-too-many = Подходящих заявок: { $count }. За один раз можно отклонить не более { $most }: сузьте список поиском или фильтрами.
bulk-none = Не выбрано ни одной заявки.
bulk-confirm = 🗑 Да, отклонить ({ $count })
bulk-confirm-ask = Отклонить эти заявки по причине «{ $reason }»? Заявок: { $count }. Каждый заявитель получит уведомление о том, что заявка не допущена к дальнейшему отбору, а каждое отклонение будет записано в журнал аудита.
bulk-changed = Пока вы подтверждали, список изменился (другой сотрудник уже работал с частью этих заявок). Ничего не отклонено: посмотрите список и попробуйте снова.
bulk-done = Отклонено заявок: { $count }. Заявители получили уведомления.
case-conflict = Вы не можете принимать решения по этой заявке: вы её подали, в ней выдвинуты вы или вы заявили о конфликте интересов.
case-claimed = С этой заявкой работает другой сотрудник. Откройте её, чтобы увидеть, кто именно; чтобы принимать решения, возьмите её в работу.
desk-error-search = Введите несколько букв ФИО, номер заявки или телефон.
desk-error-page = Введите номер страницы: 1, 2, 3…
desk-error-period = Введите одну или две даты, например 01.11.2026 – 30.11.2026.
case-taken-over = Заявку { $reference } ({ $name }), с которой вы работали, взял в работу другой сотрудник: { $by }.

# The verifier's card, document requests and the expert's card
case-documents = Документы от заявителя: { $count }. Чтобы открыть их, нажмите «📎 Файлы».
case-docs-waiting = ожидаются документы от заявителя
case-docs-received = получено документов: { $count }
docs-arrived = Заявитель прислал документы по заявке { $reference } ({ $name }), достижение { $number }. Файлов: { $count }. Открыть заявку: { $command }
expert-card-title = Экспертное заключение по заявке { $reference } — { $name }
expert-card-motivation = Заключение: { $text }
expert-card-no-motivation = Заключение: ещё не написано
expert-card-recommendation = Рекомендация: { $recommend }
expert-card-no-recommendation = Рекомендация: ещё не выбрана
expert-card-hint = Оцените каждый критерий от 1 до 5 (нажмите на название критерия, чтобы прочитать, что он оценивает), напишите заключение и выберите рекомендацию, затем отправьте. До отправки всё можно изменить.
expert-card-write = ✍️ Написать заключение
expert-card-rewrite = ✍️ Переписать заключение
expert-card-submit = 📨 Отправить заключение
expert-card-incomplete = Заключение ещё не готово. Не заполнено: { $missing }.
expert-card-missing-motivation = текст заключения
expert-card-missing-recommendation = рекомендация
expert-card-use-buttons = Пользуйтесь кнопками карточки заключения. Чтобы написать текст, нажмите «✍️ Написать заключение».
stage-new = новые
stage-returned = возвращены с проверки
