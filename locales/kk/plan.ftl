reminder-digest =
    Науқан жоспары: ведомствоңыз әлі тапсырмаған есептер
    { $lines }

    Есеп тапсыру: /plan
escalation-digest =
    Науқан жоспары: мерзімі өткен есептер
    { $lines }
reminder-line-before = { $days ->
    [0] • { $number }-тармақ «{ $title }» ({ $agency }): мерзімі бүгін, { $due } ({ $period } кезеңі)
   *[other] • { $number }-тармақ «{ $title }» ({ $agency }): мерзіміне { $days } күн қалды, { $due } ({ $period } кезеңі)
}
reminder-line-overdue = • { $number }-тармақ «{ $title }» ({ $agency }): мерзімі { $days } күнге кешікті, мерзімі { $due } болатын ({ $period } кезеңі)
reminder-line-escalation = • { $number }-тармақ, { $agency }: мерзімі { $due } өткеннен кейін { $days } күн бойы есеп жоқ ({ $period } кезеңі)
admin-invite-scope-official = Қызметкер қай ведомство атынан есеп береді?
plan-title = Науқан жоспары: «{ $agency }» ведомствосының тармақтары
plan-item-next = { $mark } { $number }-тармақ — жақын мерзімі { $due }
plan-item-done = ✅ { $number }-тармақ — бәрі тапсырылды
plan-item =
    { $number }-тармақ. { $title }
    Аяқталу нысаны: { $form }
    Орындау мерзімі: { $deadline }
standing-done = қабылданды
standing-submitted = есеп тексерілуде
standing-returned = есеп қайтарылды
standing-pending = есеп күтілуде
standing-overdue = мерзімі өтті
plan-report-for = 📝 { $due } есебі
plan-report-text = Есепті жазыңыз: не істелді, сандар мен сілтемелер келтіріңіз. Көлемі { $min } таңбадан { $max } таңбаға дейін.
plan-report-files = Енді файлдар болса, жіберіңіз (құжат немесе фото, ең көбі { $max }), содан кейін «Есепті жіберу» батырмасын басыңыз.
plan-report-submit = ✅ Есепті жіберу
plan-report-too-many = Ең көбі { $max } файл.
plan-report-file-added = Файл қосылды ({ $count }).
plan-report-exists = Бұл мерзімнің есебі тексерілуде немесе қабылданған.
plan-report-sent = Есеп үйлестірушіге жіберілді.
plan-report-expect-files = Құжат не фото жіберіңіз немесе «Есепті жіберу» батырмасын басыңыз.
report-arrived = Есеп түсті: { $number }-тармақ, { $agency }, мерзімі { $due }. Тексеру: /reports
review-title = Тексеруді күтіп тұрған есептер: { $count }
review-stale = Бұл есеп қаралып қойған.
review-accept = ✅ Қабылдау
review-return = ↩️ Ескертпемен қайтару
review-files = 📎 Файлдар
review-report =
    { $number }-тармақ. { $title }
    Ведомство: { $agency }
    Мерзімі: { $due } ({ $period } кезеңі)

    { $text }

    Файлдар саны: { $files }
review-accepted = Есеп қабылданды.
review-returned = Есеп қайтарылды, қызметкерге хабарланды.
review-comment = Нені түзету керегін жазыңыз (3-тен 1000 таңбаға дейін).
report-accepted = { $number }-тармақ бойынша есебіңіз (мерзімі { $due }) қабылданды.
report-returned = { $number }-тармақ бойынша есебіңіз (мерзімі { $due }) қайтарылды: { $comment }. Оны қайта жіберіңіз: /plan
overview-title = { $date } күнгі науқан жоспары: ведомстволар бойынша (тапсырылды / орындалуда / мерзімі өтті)
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Мерзімі өткендер ({ $count }):
plan-export-caption = Ведомстволар бойынша мерзімдер саны: { $count }.
plan-export-item = Тармақ
plan-export-title = Іс-шара
plan-export-agency = Ведомство
plan-export-due = Мерзімі
plan-export-period = Кезеңі
plan-export-status = Жағдайы
plan-export-reported = Есеп тапсырылды
plan-export-comment = Үйлестірушінің ескертпесі
