# How each answer of the form is named where it is shown: the statement, the staff card, the
# review (flows/form/questions.ts). Noun phrases, not questions: the questions are elsewhere.
form-label-parent-full-name = Фамилия, имя, отчество заявителя
form-label-parent-iin = ИИН заявителя
form-label-parent-phone = Телефон заявителя
form-label-parent-email = Электронная почта заявителя
form-label-child-full-name = Фамилия, имя, отчество ребёнка
form-label-child-iin = ИИН ребёнка
form-label-child-birth-date = Дата рождения ребёнка
form-label-child-grade = Класс обучения ребёнка
form-label-school = Организация образования
# How many pages of a document the draft holds.
form-pages = { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[other] { $count } файлов
}
