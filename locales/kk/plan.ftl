reminder-digest =
    Ақпараттық науқан жоспары: әлі тапсырылмаған есептер
    { $lines }

    Тиісті мерзім бойынша есепті ашу үшін хабарлама астындағы батырманы басыңыз. Барлық тармақтар: /plan
reminder-late-note = ⚠️ Бұл еске салулардың бір бөлігі кешігіп жіберілді: бот ол күндері жұмыс істемеді. Мерзімге дейін қалған және мерзімнен кейін өткен күндер бүгінгі күнгі жағдай бойынша көрсетілген.
reminder-line = • { $number }-тармақ «{ $title }» ({ $agency }), мерзімі { $due }: { $state ->
        [today] бүгін тапсыру керек
        [late] { $days } күн кешікті
       *[ahead] { $days } күн қалды
    }
reminder-period = есепті кезең: { $period }
reminder-report-button = 📝 { $number }-тармақ · { $due }
escalation-digest =
    Ақпараттық науқан жоспары: мерзімі өткен есептер
    Жағдай күні: { $date }
    Барлығы: мерзімі өткен есептер — { $dates }, жауапты орындаушылар — { $agencies }.
    { $lines }
escalation-agency = • { $agency }: мерзімі өткені — { $count } (ең ерте мерзімі: { $number }-тармақ, { $due })
escalation-unstaffed = Ботта бірде-бір қызметкері жоқ жауапты орындаушылар: { $count }. Шақыру сілтемесін жасау үшін орындаушы атауы жазылған батырманы басыңыз:
escalation-invite-button = ➕ { $agency }
escalation-more = …тағы { $count } — толық тізімде.
escalation-full-list = 📊 Толық тізім (XLSX)
plan-overdue-at-load =
    Ақпараттық науқан жоспары жүктелді. Оның кейбір мерзімдері өткен: мерзімі өткен есептер — { $dates }, жауапты орындаушылар — { $agencies }. Бұл мерзімдер бойынша еске салу жіберілмейді.
    { $lines }

    Толығырақ: /overview
period-year = { $year } жыл
period-quarter = { $year } жылғы { $number ->
        [1] I
        [2] II
        [3] III
       *[4] IV
    } тоқсан
period-half = { $year } жылғы { $number ->
        [1] I
       *[2] II
    } жартыжылдық
period-span = { $start } – { $end }
plan-title = { $agency }: ақпараттық науқан жоспарының тармақтары
plan-groups = ❗ мерзімі өткен: { $overdue } · ⏳ алда: { $soon } · ✅ қабылданған: { $done }
plan-group-overdue = Мерзімі өткен тармақтар (ең ерте мерзімнен бастап):
plan-group-soon = Алдағы мерзімдер (ең жақынынан бастап):
plan-group-done = Барлық есебі қабылданған тармақтар:
plan-group-empty = Мұнда тармақ жоқ.
plan-page = Бет: { $page } / { $pages }
plan-item-next = { $mark } { $number }-тармақ · { $due }
plan-item-done = ✅ { $number }-тармақ
admin-invite-scope-official = Жауапты қызметкер қай жауапты орындаушының атынан есеп береді?
plan-item =
    { $number }-тармақ. { $title }
    Аяқтау нысаны: { $form }
plan-item-deadline = { $original ->
        [yes] Жоспар бойынша орындау мерзімі (орыс тіліндегі түпнұсқа): «{ $deadline }»
       *[no] Жоспар бойынша орындау мерзімі: «{ $deadline }»
    }
standing-done = есеп қабылданды
standing-submitted = есеп тексерілуде
standing-returned = есеп қайтарылды
standing-pending = есеп күтілуде
standing-overdue = есептің мерзімі өткен
plan-report-for = 📝 Есеп · мерзімі { $due }
plan-report-text = Есепті жазыңыз: не істелгенін сандар мен сілтемелер келтіре отырып баяндаңыз. Көлемі — { $min } таңбадан { $max } таңбаға дейін.
plan-report-files = Файлдар болса, енді оларды жіберіңіз (құжат немесе фотосурет, ең көбі { $max } файл), содан кейін «Есепті жіберу» батырмасын басыңыз.
plan-report-submit = ✅ Есепті жіберу
plan-report-too-many = Ең көбі { $max } файл жіберуге болады.
plan-report-file-added = Файл қосылды. Файлдардың жалпы саны: { $count }.
plan-report-exists = Бұл мерзім бойынша есеп тексерілуде немесе бұрын қабылданған.
plan-report-sent = Есеп үйлестірушіге жіберілді.
plan-report-expect-files = Құжат не фотосурет жіберіңіз немесе «Есепті жіберу» батырмасын басыңыз.
report-arrived = Есеп түсті: { $number }-тармақ, { $agency } (мерзімі { $due }). Тексеру үшін: /reports
review-title = Тексеруді күтіп тұрған есептер: { $count }
review-stale = Бұл есеп бұрын қаралған.
review-accept = ✅ Қабылдау
review-return = ↩️ Ескертпемен қайтару
review-files = 📎 Файлдар
review-report =
    { $number }-тармақ. { $title }
    Жауапты орындаушы: { $agency }
    Мерзімі: { $due }, есепті кезең: { $period }

    { $text }

    Файлдар саны: { $files }
review-accepted = Есеп қабылданды.
review-returned = Есеп қайтарылды, жауапты қызметкерге хабарланды.
review-comment = Нені түзету керегін жазыңыз (3 таңбадан 1 000 таңбаға дейін).
report-accepted = { $number }-тармақ бойынша есебіңіз (мерзімі { $due }) қабылданды.
report-returned = { $number }-тармақ бойынша есебіңіз (мерзімі { $due }) пысықтауға қайтарылды. Үйлестірушінің ескертпесі: «{ $comment }». Есепті пысықтап, қайта жіберіңіз: /plan
overview-title =
    Ақпараттық науқан жоспарының орындалу барысы
    Жағдай күні: { $date }
    Жауапты орындаушылар бойынша: қабылданды / күтілуде / мерзімі өткен
overview-controller = Орындалуын бақылайтын орган: { $controller }
overview-agency = { $agency }: { $done } / { $pending } / { $overdue }
overview-overdue = Мерзімі өткендер ({ $count }):
plan-export-caption = Жауапты орындаушылар бойынша мерзімдер саны: { $count }.
plan-export-item = Тармақ
plan-export-title = Іс-шара
plan-export-agency = Жауапты орындаушы
plan-export-due = Мерзімі
plan-export-period = Кезеңі
plan-export-status = Жағдайы
plan-export-reported = Есеп тапсырылды
plan-export-comment = Үйлестірушінің ескертпесі
