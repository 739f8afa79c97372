vote-not-open = Сейчас общественное голосование не проводится. О следующем туре голосования мы сообщим.
vote-scheduled = Голосование ещё не началось. Начало: { $starts } ({ $tz }).
vote-closed = Голосование в этом туре завершено.
vote-verify = Чтобы голосовать, подтвердите номер телефона: нажмите «Поделиться контактом» внизу. Один номер — один голосующий.
vote-verify-first = Сначала подтвердите номер телефона: /vote
vote-contact-not-yours = Это контакт другого человека. Поделитесь своим с помощью кнопки внизу.
vote-phone-not-allowed = Голосовать могут владельцы номеров, начинающихся с { $prefixes }.
vote-phone-taken = Этот номер уже привязан к другому аккаунту. Один номер — один голосующий.
vote-verified = Спасибо, номер подтверждён.
vote-card =
    Кандидат { $position } из { $total }
    { $name }
    { $region } · { $sphere }

    { $story }
vote-card-votes = Голосов: { $count }
vote-mine = Вы проголосовали за { $count ->
    [one] { $count } кандидата
   *[other] { $count } кандидатов
}.
vote-mine-limited = Вы отдали { $count ->
    [one] { $count } голос
    [few] { $count } голоса
   *[other] { $count } голосов
} из { $limit ->
    [one] { $limit } возможного
   *[other] { $limit } возможных
}.
vote-cast = 🗳 Голосовать
vote-withdraw = ✅ Голос отдан — отозвать
vote-photo = 📷 Фото и ссылка
vote-filter-region = 📍 Регион
vote-filter-sphere = 🏷 Сфера
vote-filter-any-region = Все регионы
vote-filter-any-sphere = Все сферы
vote-filter-clear = Показать всех
vote-none-found = По этому фильтру кандидатов нет.
vote-result-counted = Ваш голос учтён.
vote-result-already = Вы уже проголосовали за этого кандидата.
vote-result-limit = Можно проголосовать не более чем за { $limit ->
    [one] { $limit } кандидата
   *[other] { $limit } кандидатов
}. Отзовите голос, чтобы выбрать другого.
vote-result-withdrawn = Ваш голос отозван.
vote-result-not_cast = Вы не голосовали за этого кандидата.
vote-search = 🔎 Поиск
vote-view-list = ☰ Список
vote-view-cards = 🃏 Карточки
vote-search-ask = Напишите имя кандидата или его часть: фамилию, имя или всё вместе, в любом порядке.
vote-search-not-text = Напишите имя текстом.
vote-search-empty = Напишите хотя бы одну букву имени.
vote-search-too-long = Слишком длинный запрос: введите не более { $limit ->
    [one] { $limit } символа
   *[other] { $limit } символов
}.
vote-search-none = В этом туре голосования нет кандидата по запросу «{ $query }». Проверьте написание или напишите только часть имени.
vote-search-found = Кандидатов по запросу «{ $query }»: { $count }. Выберите кандидата по номеру.
vote-search-more = Показаны первые { $shown }: напишите имя подробнее, чтобы сузить поиск.
vote-search-again = 🔎 Искать снова
vote-list-title = Кандидаты { $first }–{ $last } из { $total }. Выберите номер, чтобы открыть карточку и проголосовать.
vote-list-line = { $number }. { $name } — { $region }, { $sphere }
round-new = ➕ Открыть тур
round-none = Тур голосования не проводится. Кандидатов, вынесенных на общественное голосование: { $candidates }.
round-state-scheduled = Тур голосования № { $round } назначен ({ $starts } – { $ends }).
round-state-open = Тур голосования № { $round } идёт ({ $starts } – { $ends }).
round-state-closed = Тур голосования № { $round } завершён ({ $starts } – { $ends }). Итоговый список ожидает утверждения.
round-results = 📊 Итоги и предлагаемый список
round-close = ⏹ Завершить тур сейчас
round-close-sure = Завершить тур сейчас? Голосование сразу прекратится.
round-close-confirm = Да, завершить
round-closed-now = Тур голосования завершён.
round-already-closed = Этот тур голосования уже завершён.
round-still-open = Итоги показываются после завершения тура.
round-approve = ✅ Утвердить итоговый список
round-approve-sure = Утвердить итоговый список? Все заявители получат уведомления; отменить это действие нельзя.
round-approve-confirm = Да, утвердить
round-already-approved = Итоговый список этого тура уже утверждён.
round-approved = Итоговый список утверждён: выбрано { $selected } из { $total ->
    [one] { $total } кандидата
   *[other] { $total } кандидатов
}. Заявители получают уведомления.
round-no-secret = Для голосования нужен VOTE_SECRET в настройках. Обратитесь к администратору.
round-ask-window = Пришлите начало и конец тура в формате ДД.ММ.ГГГГ ЧЧ:ММ – ДД.ММ.ГГГГ ЧЧ:ММ ({ $tz }).
round-window-format = Напишите в формате ДД.ММ.ГГГГ ЧЧ:ММ – ДД.ММ.ГГГГ ЧЧ:ММ ({ $tz }).
round-window-order = Время окончания должно быть позже времени начала.
round-window-past = Это время окончания уже прошло ({ $tz }).
round-conflict-active = Другой тур голосования уже назначен или ещё идёт.
round-conflict-empty = Нет кандидатов, вынесенных на общественное голосование.
round-opened = Тур голосования № { $round } назначен ({ $starts } – { $ends }). Опубликованное число для жеребьёвки при равенстве голосов: { $seed }.
results-title = Тур голосования № { $round }: кандидатов — { $candidates }, мест в предлагаемом списке — { $seats }. Число для жеребьёвки: { $seed }.
results-no-population = Нет данных о численности населения: { $regions }. Пока данные не внесены в data/regions_kz.csv, региональные места не распределяются и список составляется без них.
results-legend = 🏛 региональное место · 🌐 общее место · ⚖️ гендерный баланс
results-makeup-region = По регионам: мест в списке (расчётное число пропорционально численности населения):
results-makeup-gender = По полу:
results-makeup-ethnicity = По национальности:
results-export-caption = Итоги тура голосования № { $round }.
results-export-reference = Номер
results-export-name = ФИО
results-export-region = Регион
results-export-sphere = Сфера
results-export-gender = Пол
results-export-votes = Голосов
results-export-listed = В итоговом списке
results-export-reason = Место
results-reason-regional = региональное
results-reason-open = общее
results-reason-gender = по гендерному балансу
final-selected = Поздравляем! { $name } ({ $reference }) — в итоговом списке «100 новых лиц Казахстана».
final-not-selected = Общественное голосование завершено. Заявка { $reference } ({ $name }) не вошла в итоговый список. Спасибо за участие.
round-closed-auto = Тур голосования № { $round } завершился в назначенное время. Итоги: /round
