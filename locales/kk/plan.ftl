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
