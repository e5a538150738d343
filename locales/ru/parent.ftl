# The parent bot: start, consent, registration, catalog, the application form, signing, my applications.

## Commands (the menu)
command-start = Начать
command-apply = Подать заявление
command-my = Мои заявления
command-help = Помощь
command-lang = Язык / Тіл
command-support = Связаться с поддержкой
command-privacy = Мои данные и отзыв согласия
command-cancel = Отменить заполнение

## Common
button-outdated = Эта кнопка устарела — воспользуйтесь последним сообщением.
error-generic = Что-то пошло не так, но ваши ответы сохранены. Попробуйте ещё раз через минуту или отправьте /start.
error-unavailable = Сервис временно недоступен, но ваши ответы сохранены. Попробуйте ещё раз через несколько минут — продолжите с того же места.
rate-limited = Слишком много сообщений подряд. Подождите несколько секунд и продолжайте.
fallback = Я не понял сообщение. Выберите действие: /apply — подать заявление, /my — мои заявления, /help — помощь.
edited-not-read = ✏️ Бот не видит исправлений в уже отправленных сообщениях. Отправьте исправленный ответ новым сообщением.
edited-not-read-form = ✏️ Бот не видит исправлений в уже отправленных сообщениях. Отправьте исправленный ответ новым сообщением. Ответ, который бот уже принял, можно изменить перед подписанием: на шаге проверки заявления нажмите ✏️ у нужного раздела.
need-start = Сначала пройдите регистрацию: отправьте /start.
help-text =
    <b>Как это работает</b>
    /apply — выбрать услугу и подать заявление: бот задаст вопросы, вы загрузите фото документов и подпишете заявление.
    /my — ваши заявления, их статусы и результаты.
    /cancel — прервать заполнение (черновик можно сохранить).
    /lang — сменить язык.
    /support — написать оператору.
    /privacy — что бот хранит о вас; отзыв согласия на обработку персональных данных.
    Черновик сохраняется после каждого ответа: можно продолжить позже командой /apply.

## Language
lang-choose = Выберите язык:
lang-set = Язык: русский.

## /start with a school staff invite's token (its link is for the staff bot)
staff-invite-here = Это ссылка-приглашение для сотрудников школы. Она работает только в боте для сотрудников, а этот бот — для родителей, поэтому приглашение здесь не использовано. Откройте ссылку из приглашения ещё раз: она должна открыть бот для сотрудников. Если не получается, попросите ссылку у администрации школы.

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
# "Decline" tapped under an older consent message, the consent given since.
consent-already-given = Вы уже дали согласие на обработку персональных данных — ничего не изменилось. Отозвать его можно командой /privacy.

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
catalog-closed = «{ $service }»: заявления принимаются с { $from } по { $to }. Сейчас подать заявление нельзя — возвращайтесь в эти даты.
catalog-term = Срок
catalog-result = Результат
catalog-how = Как подать
catalog-apply = 📝 Подать заявление
catalog-more = ℹ️ Подробнее
catalog-more-hint = Условия, документы, срок и результат — по кнопке «Подробнее».
catalog-closed-note = ⏳ Заявления принимаются с { $from } по { $to }: сейчас подать заявление нельзя.
catalog-back = ◀ К списку услуг
menu-my = 📂 Мои заявления
menu-services = 📋 Услуги
menu-support = 🆘 Поддержка

## Drafts
draft-found = У вас есть незаконченное заявление № { $number } («{ $service }»). Продолжить его?
draft-continue = ▶ Продолжить
draft-restart = Начать заново
draft-other-service = Другая услуга
apply-draft-deleted = Этот черновик удалён, ответы в нём не сохранились. Подать заявление заново: /apply
apply-draft-gone = Это заявление уже не черновик. Откройте /my, чтобы посмотреть его.
# A draft begun long ago (last school year), continued or about to be signed: its child is no longer of the service's ages
# today (as the child's IIN question counts them). The child's step is asked again below; the button deletes the draft.
apply-child-age-again = В черновике № { $number } указан ребёнок { $child } (дата рождения: { $date }). Сегодня ребёнок по возрасту не подходит под услугу «{ $service }»: она для детей от { $min } до { $max } лет. С этим ребёнком заявление отправить нельзя. Укажите ребёнка заново (сверьте ИИН ребёнка со свидетельством о рождении) или удалите черновик.

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
    Эл. почта: { $email }
apply-parent-ask-email = Напишите адрес электронной почты — на него придёт уведомление о приказе. Или нажмите кнопку ниже.
apply-parent-keep-email = ✅ Данные верны, продолжить
apply-parent-no-email = ✅ Данные верны, без эл. почты
apply-parent-edit = ✏️ Исправить ФИО и ИИН
apply-parent-ask-name = Введите ваши фамилию, имя и отчество.
apply-parent-ask-iin = Введите ваш ИИН (12 цифр).

apply-child-pick = Для какого ребёнка заявление?
apply-child-saved = { $name }, { $grade } класс
apply-child-saved-ask-grade = { $name } — указать класс
apply-child-add = ➕ Добавить ребёнка
apply-child-ask-name = Введите фамилию, имя и отчество ребёнка (как в свидетельстве о рождении).
apply-child-ask-iin = Введите ИИН ребёнка — 12 цифр из свидетельства о рождении.
apply-child-ask-birth-date = Введите дату рождения ребёнка в формате ДД.ММ.ГГГГ, например 09.03.2015.
apply-child-ask-grade = В каком классе учится ребёнок? Введите число от 0 до 11 (0 — предшкольный класс).
apply-child-iin-not-a-pupil = По этому ИИН ребёнок родился { $date }. Эта услуга — для детей от { $min } до { $max } лет (0–11 класс). Сверьте ИИН ребёнка со свидетельством о рождении и введите ещё раз.
apply-child-saved-unfit = По сохранённым данным ребёнок <b>{ $name }</b> не подходит для этой услуги:
apply-child-saved-note = Ребёнок сохранён: <b>{ $name }</b>, { $date }.

apply-school-ask-regions = Выберите область или город:
apply-school-none = Список школ ещё не загружен, поэтому выбрать школу сейчас нельзя. Ваши ответы сохранены: попробуйте позже (/apply → «Продолжить») или напишите в поддержку: /support
apply-school-ask-districts = Выберите район:
apply-school-ask-schools = Выберите школу ({ $count }):
apply-school-ask-search = Найдено по запросу «{ $query }»: { $count }. Выберите школу или уточните запрос.
apply-school-ask-search-more = Найдено по запросу «{ $query }»: { $count }, ниже первые { $shown }. Уточните запрос (например, добавьте номер школы или город) или выберите школу.
apply-school-search-none = По запросу «{ $query }» школ не найдено. Проверьте написание или найдите школу по списку — выберите область или город:
apply-school-search-instead = По запросу «{ $typed }» школ не найдено, поэтому показаны результаты по запросу «{ $query }» в другой раскладке клавиатуры.
apply-school-search-hint = Можно написать номер школы и город (например: 25 Алматы), часть названия или БИН.
apply-school-search-too-short = Напишите номер школы, хотя бы 2 буквы её названия или 12 цифр БИН.
apply-school-search-too-long = Слишком длинный запрос: напишите часть названия школы (до 100 символов) или её БИН.
apply-school-back = ◀ Назад
apply-school-last = ⭐ { $name }
apply-school-chosen = Школа: <b>{ $name }</b>

apply-docs-ask =
    📎 Документ { $n } из { $total }: <b>{ $name }</b>
    Отправьте фото или PDF. Если страниц несколько, выберите их все сразу и отправьте одним сообщением (до { $max } файлов).
apply-docs-so-far = Уже получено страниц: { $count }. Отправьте ещё страницы или нажмите «Готово»; чтобы отправить документ заново, нажмите «Заменить страницы».
apply-docs-redo = 🔄 Заменить страницы
apply-docs-redone = Прежние страницы документа «{ $name }» удалены — отправьте его заново.
apply-docs-done = ✅ Готово
apply-docs-skip = Пропустить
apply-docs-need-one = Нужна хотя бы одна страница этого документа.
apply-docs-expected-file = Отправьте фото или PDF документа «{ $name }».
apply-docs-too-many = Для этого документа можно отправить не больше { $max } файлов. Нажмите «Готово».
apply-docs-too-large = Файл больше 20 МБ. Отправьте фото или PDF поменьше.
apply-docs-received = Страница { $count } получена ✅ Отправьте следующую или нажмите «Готово».
apply-docs-kept = Получено страниц: { $count } ✅ Документ «{ $name }» принят. Если в нём есть ещё страницы, нажмите «➕ Добавить страницу».
apply-docs-add-page = ➕ Добавить страницу
apply-docs-page-of = ↩️ Это страница: { $name }
apply-docs-moved = Страница перенесена в документ «{ $name }». Теперь отправьте документ, о котором вопрос ниже.
apply-docs-rejected-empty = Файл пустой. Отправьте фото или PDF документа.
apply-docs-rejected-too-large = Файл больше 20 МБ. Отправьте фото или PDF поменьше.
apply-docs-rejected-unsupported-type = Принимаются только фото (JPEG, PNG, WebP) и PDF. Этот файл не подходит: отправьте фото документа или его скан в PDF.
apply-docs-rejected-unreadable = Файл повреждён или защищён паролем, открыть его не удалось. Сфотографируйте документ ещё раз или отправьте PDF без пароля.
apply-docs-rejected-active-content = В этом PDF есть встроенные файлы, скрипты или автоматические действия. Такие файлы не принимаются, чтобы они не навредили сотрудникам школы. Отправьте фото документа или обычный скан в PDF.
apply-docs-rejected-failed = Не удалось получить файл. Отправьте его ещё раз.
apply-docs-page-refused = Фото страницы документа «{ $name }» принять не удалось.
apply-docs-photo-unreadable = Фото не удалось открыть. Сфотографируйте страницу ещё раз и отправьте снимок.
apply-docs-pages-pending = Фото документов ещё загружаются из Telegram. Нажмите «▶ Продолжить» через минуту: всё, что вы отправили, сохранено.

## Review
review-title = Проверьте заявление
review-service = Услуга
review-sign = Всё верно? Выберите способ подписи — заявление будет сформировано. Чтобы изменить ответы, нажмите ✏️.

## Signing
sign-choose = Заявление № { $number } сформировано. Подпишите его одним из способов:
sign-formed = Заявление № { $number } сформировано.
sign-form-unfinished = Сначала ответьте на вопрос ниже: заявление сформируется, когда все ответы и документы будут на месте.
sign-eds = 🔐 Подписать ЭЦП (компьютер с NCALayer)
sign-paper = 📄 Загрузить подписанное бумажное заявление
sign-eds-link = Откройте ссылку на компьютере, где установлен и запущен NCALayer, и подпишите заявление ключом для подписи (RSA). Ссылка действует { $minutes } минут и только один раз.
sign-eds-open = 🔐 Открыть страницу подписи
sign-paper-ask = Распечатайте заявление (PDF выше), подпишите его от руки и отправьте сюда фото или скан подписанного листа.
sign-paper-expected-file = Отправьте фото или PDF подписанного заявления.
sign-done-send = Заявление № { $number } подписано. Отправить его в школу?
apply-send = 📨 Отправить в школу
apply-sent =
    ✅ Заявление № <b>{ $number }</b> отправлено в организацию образования «{ $school }».
    Школа зарегистрирует его; срок рассмотрения — { $days } { $days ->
        [one] рабочий день
        [few] рабочих дня
       *[many] рабочих дней
    } после регистрации. О каждом шаге вы узнаете здесь.

## My applications
my-title = Мои заявления
my-empty = У вас пока нет заявлений.
my-open = 📂 Открыть заявление
my-child = Ребёнок
my-school = Школа
my-status = Статус
my-deadline = Срок ответа
my-deadline-passed = ⚠️ Срок ответа истёк: { $date }
my-reason = Причина
my-comment = Комментарий школы
my-history = История
my-download-result = 📄 Скачать результат
my-status-revoked = документ № { $document } отозван школой { $date }
my-revoked-reason = Причина отзыва
my-revoked-next = Отозванный документ больше не действителен. Вы можете подать заявление заново.
my-result-revoked-file = Этот документ отозван школой и больше не действителен.
my-history-revoked = Выданный документ отозван школой
my-cancel = Отозвать заявление
my-cancel-confirm = Отозвать заявление № { $number }? Школа прекратит его рассмотрение.
# The same for an application signed but not sent to the school.
my-cancel-confirm-unsent = Отозвать заявление № { $number }? Оно ещё не отправлено в школу, и после отзыва отправить его будет нельзя.
my-cancel-yes = Да, отозвать
my-cancel-no = Нет
my-cancelled = Заявление № { $number } отозвано.
my-cancel-too-late = Заявление № { $number } уже нельзя отозвать: школа приняла решение или статус изменился.
# "Yes, withdraw" tapped again (a double tap, or an older confirmation) after the withdrawal.
my-cancel-already = Заявление № { $number } уже отозвано.
my-back = ◀ К списку

## /cancel
cancel-nothing = Заполнение прервано.
cancel-idle = Сейчас нечего прерывать. /apply — подать заявление, /my — мои заявления.
cancel-ask = Заполнение прервано. Сохранить черновик № { $number }, чтобы продолжить позже?
cancel-keep = Сохранить черновик
cancel-discard = Удалить черновик
cancel-kept = Черновик сохранён. Продолжить можно командой /apply.
cancel-keep-gone = Этот черновик уже удалён — сохранять нечего. Подать заявление заново: /apply
cancel-discarded = Черновик удалён.

# /privacy: what is kept, and the withdrawal of consent
privacy-nothing = Бот не хранит о вас персональных данных.
privacy-report =
    <b>Что бот хранит о вас</b>
    ФИО: { $name }
    ИИН: { $iin }
    Телефон: { $phone }
    Электронная почта: { $email }
    Незаконченных заявлений (черновиков): { $drafts }
    Сохранённых детей: { $children }
    Заявлений, отправленных в школу: { $sent }

    Вы можете отозвать согласие на сбор и обработку персональных данных. Тогда черновики заявлений и сохранённые дети будут удалены вместе с загруженными документами, а из профиля будут стёрты ФИО, ИИН, телефон и электронная почта.

    Заявления, уже отправленные в школу, их история и результаты останутся у школы: она хранит их как документы об оказании государственной услуги. Отозвать согласие?
privacy-withdraw = 🗑 Отозвать согласие
# "Withdraw" under a /privacy report older than the consent given since.
privacy-withdraw-outdated = Эта кнопка устарела: с тех пор вы снова дали согласие. Чтобы отозвать его, отправьте /privacy ещё раз.
privacy-keep = Оставить как есть
privacy-kept = Хорошо, ничего не изменено.
# While a support ticket is open: /privacy still works; a withdrawal ends the conversation first.
privacy-ends-support = Сейчас идёт разговор с оператором: если вы отзовёте согласие, он завершится.
privacy-kept-support =
    Хорошо, ничего не изменено. Разговор с оператором продолжается — просто напишите сообщение здесь.
    Чтобы вернуться к боту, нажмите «Завершить разговор».
privacy-support-ended = Разговор с оператором завершён.
privacy-done =
    Согласие отозвано. Удалено черновиков: { $drafts }, сохранённых детей: { $children }, документов: { $files }. ФИО, ИИН, телефон и электронная почта стёрты из профиля.

    Заявления, отправленные в школу, остаются у школы вместе с их историей и результатами: она хранит их как документы об оказании государственной услуги. Чтобы снова пользоваться ботом, нажмите /start — бот заново попросит согласие.

my-fix-resubmit = ✏️ Исправить и подать снова
my-fix-started = Создан новый черновик № { $draft } со всеми ответами и документами заявления № { $number }. Исправьте то, на что указала школа, затем подпишите и отправьте заявление.
my-fix-resubmit-school = 🏫 Подать в другую школу
my-fix-started-school = Создан новый черновик № { $draft } со всеми ответами и документами заявления № { $number }. Выберите другую школу, затем подпишите и отправьте заявление.
# A refusal the school revoked: nothing to correct; the new draft applies again with everything as it was.
my-fix-started-revoked = Школа отозвала отказ по заявлению № { $number } (документ № { $document }): отказ больше не действует. Создан новый черновик № { $draft } со всеми ответами и документами этого заявления — проверьте его, подпишите и отправьте в школу.
# The same after a fix begun before the refusal was revoked: that draft goes on, what the fix dropped filled back
# from the application where the parent had not answered it again.
my-fix-existing-revoked = Школа отозвала отказ по заявлению № { $number } (документ № { $document }): отказ больше не действует. Продолжим черновик № { $draft }, начатый для исправления: в него возвращены ответы и документы заявления, которые вы ещё не заполнили заново.
# Another result the school revoked (a certificate, a receipt, an order): "Apply again" copies everything, opened at the review.
my-again-started-revoked = Школа отозвала документ № { $document }, выданный по заявлению № { $number }: он больше не действует. Создан новый черновик № { $draft } со всеми ответами и документами этого заявления — проверьте его, подпишите и отправьте в школу.
my-again-existing = Заявление № { $number } уже подаётся заново в черновике № { $draft } — продолжим его.
my-again-existing-signed = Новое заявление № { $draft } (вместо № { $number }) уже подписано — осталось отправить его в школу.
# "Apply again", and the child's application for the service stands at that school: not a second one.
my-again-standing = У ребёнка уже есть заявление <b>№ { $number }</b> на эту услугу в эту школу (статус: { $status }), поэтому подать заявление заново нельзя: второе в ту же школу не принимается.
my-again-standing-other = На этого ребёнка в эту школу уже подано заявление на эту услугу другим заявителем, поэтому подать заявление заново нельзя. Если вы — законный представитель ребёнка и не подавали то заявление, обратитесь в службу поддержки (/support) или в школу.
# "Fix and resubmit" or "Apply again", and the child is no longer of the service's ages today: nothing is copied
# (the child's IIN would be refused in a new form too); the way on for another child is a new application.
my-again-child-age = Заявление № { $number } нельзя подать снова: услуга «{ $service }» — для детей от { $min } до { $max } лет, а { $child } (дата рождения: { $date }) сегодня по возрасту под неё не подходит. Новый черновик не создан. Если услуга нужна другому ребёнку, выберите её в списке услуг и заполните новое заявление.

# Sent, for a service whose result is given at once (the receipt of documents): nothing to register,
# the receipt comes in the next message. For the parent bot's answer to "Send" (see flows/applications.ts sendWithResult).
apply-sent-at-once =
    ✅ Заявление № <b>{ $number }</b> отправлено в организацию образования «{ $school }».
    Документы приняты сразу: расписка о приёме документов придёт следующим сообщением. О решении школы сообщим здесь.

# What Telegram shows before the first message (the bot's description, up to 512 characters) and
# in its profile and when it is shared (the short description, up to 120).
bot-description = Государственные услуги школы: бесплатное и льготное питание, индивидуальное бесплатное обучение на дому по состоянию здоровья, приём в первый класс.
    Подайте заявление на казахском или русском языке прямо в этом чате: бот спросит всё по шагам, заявление уйдёт в выбранную вами школу, решение придёт сюда.
    Чтобы начать, нажмите кнопку внизу.
bot-short-description = Заявления в школу: бесплатное питание, обучение на дому, приём в первый класс.

## Consent withdrawn (/privacy): an old button cannot send or copy the parent's data
no-consent-send = Вы отозвали согласие на обработку персональных данных, поэтому заявление нельзя отправить в школу. Чтобы снова дать согласие, отправьте /start.
no-consent-fix = Вы отозвали согласие на обработку персональных данных, поэтому исправить заявление и подать его снова нельзя. Чтобы снова дать согласие, отправьте /start.
no-consent-again = Вы отозвали согласие на обработку персональных данных, поэтому подать заявление заново нельзя. Чтобы снова дать согласие, отправьте /start.

## "Fix and resubmit" again: the fix already begun is opened, not made twice
my-fix-existing = Заявление № { $number } уже исправляется в черновике № { $draft } — продолжим его.
my-fix-existing-signed = Исправленное заявление № { $draft } (вместо № { $number }) уже подписано — осталось отправить его в школу.

## /my: more applications than a page; a withdrawal asked again after the status changed
my-page = Показаны заявления { $from }–{ $to } из { $total }.
my-page-prev = ◀ Предыдущие
my-page-next = Следующие ▶
my-cancel-changed = Пока вы подтверждали, статус заявления № { $number } изменился: «{ $status }». Его ещё можно отозвать. Отозвать заявление?
my-apply-again = 📝 Подать заявление заново
my-cancel-revoked = Школа отозвала документ, выданный по этому заявлению: решений по нему больше не будет, отзывать его не нужно. Вы можете подать заявление заново.
my-cancel-revoked-meanwhile = Пока вы подтверждали, школа отозвала документ № { $document }, выданный по заявлению № { $number }: решений по нему больше не будет, отзывать его не нужно. Вы можете подать заявление заново.
