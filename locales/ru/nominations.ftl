my-empty = Вы ещё никого не выдвинули.
my-title = { $count ->
    [one] Ваши заявки ({ $count }):
   *[other] Ваши заявки ({ $count }):
}
my-item =
    { $reference } — { $name }
    Этап: { $status }
    Подана: { $date }
my-awaiting-link = Ожидается согласие кандидата. Его ссылка: { $link }

status-draft = черновик
status-awaiting_nominee_consent = ожидается согласие кандидата
status-submitted = подана
status-screening = на рассмотрении проектного офиса
status-verification = проверка сведений в регионе
status-expert_review = у экспертной группы
status-working_group = у рабочей группы
status-on_vote = на общественном голосовании
status-selected = вошла в список «100 новых лиц»
status-not_selected = не вошла в итоговый список
status-rejected = не допущена к дальнейшему отбору
status-withdrawn = отозвана

nominee-link-invalid = Ссылка недействительна. Проверьте, что она скопирована полностью.
nominee-link-own = Эта ссылка для человека, которого вы выдвинули: перешлите её ему.
nominee-link-used = Ответ по этой заявке уже получен.
nominee-intro =
    { $nominator } выдвинул(а) вас в проект «100 новых лиц Казахстана». Вот что указано в заявке:
nominee-question =
    Согласны ли вы участвовать в проекте? Соглашаясь, вы в соответствии с Законом Республики Казахстан «О персональных данных и их защите» даёте согласие проектному офису на обработку и хранение приведённых выше сведений для отбора и общественного голосования (редакция согласия { $version }). Если вы откажетесь, заявка будет отозвана.
nominee-agree = ✅ Согласен(на) участвовать
nominee-decline = ❌ Отказываюсь
nominee-agreed = Спасибо! Заявка { $reference } передана на отбор. Мы сообщим об этом заявителю.
nominee-declined = Понятно: заявка отозвана и рассматриваться не будет.
notify-nominee-agreed = { $name } согласился(ась) участвовать. Заявка { $reference } передана на отбор.
notify-nominee-declined = { $name } отказался(ась) от участия. Заявка { $reference } отозвана.
