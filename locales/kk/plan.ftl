reminder-digest =
    Ақпараттық науқан жоспары: әлі тапсырылмаған есептер
    { $lines }

    Хабарламаның астындағы батырма сол мерзімнің есебін ашады; барлық тармақтар — /plan
reminder-late-note = ⚠️ Бұл еске салулардың бір бөлігі кешігіп жетті: бот ол күндері жұмыс істемеді. Мерзімге дейін қалған және өткен күндер бүгінгі күн бойынша есептелді.
reminder-line = • { $number }-тармақ «{ $title }» ({ $agency }), мерзімі { $due }: { $state ->
        [today] бүгін тапсыру керек
        [late] { $days } күн кешікті
       *[ahead] { $days } күн қалды
    }
reminder-period = есепті кезең: { $period }
reminder-report-button = 📝 { $number }-тармақ · { $due }
escalation-digest =
    Ақпараттық науқан жоспары, { $date } жағдайы бойынша: мерзімі өткен есептер
    Мерзімі өткен есептер: { $dates }; жауапты орындаушылар: { $agencies }.
    { $lines }
escalation-agency = • { $agency }: мерзімі өткені — { $count }, ең ерте мерзімі — { $number }-тармақ, { $due }
escalation-unstaffed = Мына жауапты орындаушылардың ботта бірде-бір жауапты қызметкері жоқ ({ $count }). Төмендегі батырмалар шақыру сілтемесін жасайды:
escalation-invite-button = ➕ { $agency }
escalation-more = …тағы { $count } — толық тізімде.
escalation-full-list = 📊 Толық тізім (XLSX)
plan-overdue-at-load =
    Ақпараттық науқан жоспары жүктелді. Оның кейбір мерзімдері өтіп кеткен: мерзімі өткен есептер — { $dates }, жауапты орындаушылар — { $agencies }. Бұл мерзімдер бойынша еске салу жіберілмейді.
    { $lines }

    Толығырақ: /overview
period-year = { $year } жыл
period-quarter = { $number ->
        [1] I
        [2] II
        [3] III
       *[4] IV
    } тоқсан { $year }
period-half = { $number ->
        [1] I
       *[2] II
    } жартыжылдық { $year }
period-span = { $start } – { $end }
plan-title = { $agency }: ақпараттық науқан жоспарының тармақтары
plan-groups = ❗ мерзімі өткен: { $overdue } · ⏳ алда: { $soon } · ✅ тапсырылған: { $done }
plan-group-overdue = Мерзімі өткен тармақтар, ең ерте мерзімі бірінші:
plan-group-soon = Алдағы мерзімдер, ең жақыны бірінші:
plan-group-done = Барлық есебі қабылданған тармақтар:
plan-group-empty = Мұнда тармақ жоқ.
plan-page = Бет: { $page } / { $pages }
plan-item-next = { $mark } { $number }-тармақ · { $due }
plan-item-done = ✅ { $number }-тармақ
admin-invite-scope-official = Қызметкер қай ведомство атынан есеп береді?
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
overview-controller = Орындалуын бақылау: { $controller }
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
