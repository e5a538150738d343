# The parent bot: start, consent, registration, catalog, the application form, signing, my applications.

## Commands (the menu)
command-start = Начать
command-apply = Подать заявление
command-my = Мои заявления
command-help = Помощь
command-lang = Язык / Тіл
command-support = Связаться с поддержкой
command-cancel = Отменить заполнение

## Common
button-outdated = Эта кнопка устарела — воспользуйтесь последним сообщением.
error-generic = Что-то пошло не так, но ваши ответы сохранены. Попробуйте ещё раз через минуту или отправьте /start.
error-unavailable = Сервис временно недоступен, но ваши ответы сохранены. Попробуйте ещё раз через несколько минут — продолжите с того же места.
rate-limited = Слишком много сообщений подряд. Подождите несколько секунд и продолжайте.
resume-after-interruption = Продолжим с того места, где вы остановились: ответы сохранены.
fallback = Я не понял сообщение. Выберите действие: /apply — подать заявление, /my — мои заявления, /help — помощь.
need-start = Сначала пройдите регистрацию: отправьте /start.
help-text =
    <b>Как это работает</b>
    /apply — выбрать услугу и подать заявление: бот задаст вопросы, вы загрузите фото документов и подпишете заявление.
    /my — ваши заявления, их статусы и результаты.
    /cancel — прервать заполнение (черновик можно сохранить).
    /lang — сменить язык.
    /support — написать оператору.
    Черновик сохраняется после каждого ответа: можно продолжить позже командой /apply.

## Language
lang-choose = Выберите язык:
lang-set = Язык: русский.

## Consent
consent-text =
    <b>Согласие на сбор и обработку персональных данных</b>
    Чтобы подать заявление, нужны ваши данные и данные ребёнка: ФИО, ИИН, телефон, документы. Они передаются только в выбранную вами школу и хранятся по Закону РК «О персональных данных и их защите».
    Вы согласны?
consent-agree = ✅ Согласен(на)
consent-decline = Не согласен(на)
consent-declined =
    Без согласия на обработку персональных данных школа не сможет рассмотреть заявление: для услуги нужны ФИО, ИИН и документы.
    Если передумаете, отправьте /start.

## Registration
registration-ask-phone = Поделитесь номером телефона — нажмите кнопку «Отправить мой номер» внизу.
registration-share-phone = 📱 Отправить мой номер
registration-use-button = Нажмите кнопку «📱 Отправить мой номер» внизу экрана — вводить номер вручную не нужно.
registration-contact-not-own = Это чужой контакт. Отправьте свой номер кнопкой «📱 Отправить мой номер».
registration-phone-not-kz = Сервис работает с казахстанскими номерами (+7 7xx). Если у вас другой номер, напишите в поддержку: /support.
registration-phone-ok = Спасибо, номер получен.
registration-ask-name = Введите ваши фамилию, имя и отчество (как в удостоверении личности).
registration-ask-iin = Введите ваш ИИН — 12 цифр из удостоверения личности.

## Catalog
catalog-title = <b>Государственные услуги школы</b>
    Выберите услугу, чтобы узнать подробности и подать заявление.
catalog-eligibility = Кто может получить
catalog-documents = Документы
catalog-term = Срок
catalog-result = Результат
catalog-how = Как подать
catalog-apply = 📝 Подать заявление
catalog-back = ◀ К списку услуг
menu-my = 📂 Мои заявления
menu-services = 📋 Услуги
menu-support = 🆘 Поддержка

## Drafts
draft-found = У вас есть незаконченное заявление № { $number } («{ $service }»). Продолжить его?
draft-continue = ▶ Продолжить
draft-restart = Начать заново
draft-other-service = Другая услуга
apply-draft-gone = Это заявление уже не черновик. Откройте /my, чтобы посмотреть его.

## The form
apply-step = Шаг { $step } из { $total }
apply-stage-parent = Заявитель
apply-stage-child = Ребёнок
apply-stage-school = Школа
apply-stage-fields = Сведения для услуги
apply-stage-documents = Документы
ask-expected-text = Ответьте, пожалуйста, текстом.
ask-use-buttons = Выберите вариант кнопкой под вопросом.
ask-no-forwards = Пересланные сообщения не принимаются — напишите ответ сами.
ask-unknown-command = Эта команда сейчас не работает. Ответьте на вопрос выше или отправьте /cancel.

apply-parent-summary =
    Ваши данные:
    ФИО: <b>{ $name }</b>
    ИИН: { $iin }
    Телефон: { $phone }
apply-parent-email-current = { "" }
    Email: { $email }
apply-parent-ask-email = Напишите адрес электронной почты — на него придёт уведомление о приказе. Или нажмите кнопку ниже.
apply-parent-keep-email = ✅ Данные верны, продолжить
apply-parent-no-email = ✅ Данные верны, без email
apply-parent-edit = ✏️ Исправить ФИО и ИИН
apply-parent-ask-name = Введите ваши фамилию, имя и отчество.
apply-parent-ask-iin = Введите ваш ИИН (12 цифр).

apply-child-pick = Для какого ребёнка заявление?
apply-child-saved = { $name }, { $grade } класс
apply-child-add = ➕ Добавить ребёнка
apply-child-ask-name = Введите фамилию, имя и отчество ребёнка (как в свидетельстве о рождении).
apply-child-ask-iin = Введите ИИН ребёнка — 12 цифр из свидетельства о рождении.
apply-child-ask-birth-date = Введите дату рождения ребёнка в формате ДД.ММ.ГГГГ, например 09.03.2015.
apply-child-ask-grade = В каком классе учится ребёнок? Введите число от 0 до 11 (0 — предшкольный класс).
apply-child-iin-not-a-pupil = По этому ИИН ребёнок ещё не родился или старше школьного возраста. Проверьте ИИН ребёнка в свидетельстве о рождении.
apply-child-saved-note = Ребёнок сохранён: <b>{ $name }</b>, { $date }.

apply-school-ask-regions = Выберите область или город:
apply-school-ask-districts = Выберите район:
apply-school-ask-schools = Выберите школу ({ $count }):
apply-school-ask-search = Найдено по запросу «{ $query }»: { $count }. Выберите школу или уточните запрос.
apply-school-search-hint = Можно написать часть названия школы или её БИН.
apply-school-search-too-short = Напишите хотя бы 2 символа названия школы или 12 цифр БИН.
apply-school-search-too-long = Слишком длинный запрос: напишите часть названия школы (до 100 символов) или её БИН.
apply-school-back = ◀ Назад
apply-school-chosen = Школа: <b>{ $name }</b>

apply-docs-ask =
    📎 Документ { $n } из { $total }: <b>{ $name }</b>
    Отправьте фото или PDF (до { $max } файлов). Когда все страницы отправлены, нажмите «Готово».
apply-docs-so-far = Уже получено страниц: { $count }. Отправьте остальные или нажмите «Готово».
apply-docs-done = ✅ Готово
apply-docs-skip = Пропустить
apply-docs-need-one = Нужна хотя бы одна страница этого документа.
apply-docs-expected-file = Отправьте фото или PDF документа «{ $name }».
apply-docs-too-many = Для этого документа можно отправить не больше { $max } файлов. Нажмите «Готово».
apply-docs-too-large = Файл больше 20 МБ. Отправьте фото или PDF поменьше.
apply-docs-received = Страница { $count } получена ✅ Отправьте следующую или нажмите «Готово».
apply-docs-rejected-empty = Файл пустой. Отправьте фото или PDF документа.
apply-docs-rejected-too-large = Файл больше 20 МБ. Отправьте фото или PDF поменьше.
apply-docs-rejected-unsupported-type = Принимаются только фото (JPEG, PNG, WebP) и PDF. Этот файл не подходит: отправьте фото документа или его скан в PDF.
apply-docs-rejected-unreadable = Файл повреждён или защищён паролем, открыть его не удалось. Сфотографируйте документ ещё раз или отправьте PDF без пароля.
apply-docs-rejected-active-content = В этом PDF есть встроенные файлы, скрипты или автоматические действия. Такие файлы не принимаются, чтобы они не навредили сотрудникам школы. Отправьте фото документа или обычный скан в PDF.
apply-docs-rejected-failed = Не удалось получить файл. Отправьте его ещё раз.

## Review
review-title = Проверьте заявление
review-service = Услуга
review-iin = ИИН
review-grade = { $grade } класс
review-files = { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[other] { $count } файлов
}
review-confirm = ✅ Всё верно — сформировать заявление

## Signing
sign-choose = Заявление № { $number } сформировано. Подпишите его одним из способов:
sign-eds = 🔐 Подписать ЭЦП (компьютер с NCALayer)
sign-paper = 📄 Загрузить подписанное бумажное заявление
sign-eds-link = Откройте ссылку на компьютере, где установлен и запущен NCALayer, и подпишите заявление ключом для подписи (RSA). Ссылка действует { $minutes } минут и только один раз.
sign-eds-open = 🔐 Открыть страницу подписи
sign-paper-ask = Распечатайте заявление (PDF выше), подпишите его от руки и отправьте сюда фото или скан подписанного листа.
sign-paper-expected-file = Отправьте фото или PDF подписанного заявления.
sign-done-send = Заявление № { $number } подписано. Отправить его в школу?
apply-send = 📨 Отправить в школу
apply-sent =
    ✅ Заявление № <b>{ $number }</b> отправлено в школу «{ $school }».
    Школа зарегистрирует его; срок рассмотрения — { $days } раб. дн. после регистрации. О каждом шаге вы узнаете здесь.

## My applications
my-title = Мои заявления
my-empty = У вас пока нет заявлений.
my-open = 📂 Открыть заявление
my-child = Ребёнок
my-school = Школа
my-status = Статус
my-deadline = Срок ответа
my-reason = Причина
my-comment = Комментарий школы
my-history = История
my-download-result = 📄 Скачать результат
my-cancel = Отозвать заявление
my-cancel-confirm = Отозвать заявление № { $number }? Школа прекратит его рассмотрение.
my-cancel-yes = Да, отозвать
my-cancel-no = Нет
my-cancelled = Заявление № { $number } отозвано.
my-cancel-too-late = Заявление № { $number } уже нельзя отозвать: школа приняла решение или статус изменился.
my-back = ◀ К списку

## /cancel
cancel-nothing = Заполнение прервано.
cancel-ask = Заполнение прервано. Сохранить черновик № { $number }, чтобы продолжить позже?
cancel-keep = Сохранить черновик
cancel-discard = Удалить черновик
cancel-kept = Черновик сохранён. Продолжить можно командой /apply.
cancel-discarded = Черновик удалён.
my-fix-resubmit = ✏️ Исправить и подать снова
my-fix-started = Создан новый черновик №{ $draft } со всеми ответами и документами заявления №{ $number }. Исправьте то, на что указала школа, затем подпишите и отправьте заявление.
